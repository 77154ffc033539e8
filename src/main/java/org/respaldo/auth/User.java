package org.respaldo.auth;

/** Someone logged in: the name they typed, the role they have and where it came from (file, ldap, open). */
public record User(String name, Role role, String source) {
}
