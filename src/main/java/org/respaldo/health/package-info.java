/**
 * Veeam server health: every {@code respaldo.veeam.health-interval} each configured server is checked
 * (reachable, API revision, login, certificate expiry, repositories' free space); the results feed the
 * metrics and one readiness check per server, and a certificate about to expire or a repository short of
 * space mails the fallback address once per condition and per cluster.
 */
package org.respaldo.health;
