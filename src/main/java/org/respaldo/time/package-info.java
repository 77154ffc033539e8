/**
 * Time as a dependency: the retry policy ({@link org.respaldo.time.Backoff}) and the
 * {@link org.respaldo.time.Timer} that runs work later without a parked thread. A leaf package.
 */
package org.respaldo.time;
