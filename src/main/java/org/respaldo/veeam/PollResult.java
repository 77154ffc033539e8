package org.respaldo.veeam;

/**
 * How polling a session ended.
 *
 * @param session   the last state seen
 * @param completed true when the session reached {@code Stopped}; false when the deadline came first
 */
public record PollResult(Session session, boolean completed) {
}
