package org.respaldo.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The console's roles and what each may do: the director everything (and alone the sign-off and
 * enable/disable), the operador uploads, validates, runs now and reruns, the tecnico reads everything but the
 * audit trail and reruns, the auditor reads everything, the audit trail included, and changes nothing.
 */
public enum Role {
    DIRECTOR(EnumSet.allOf(Permission.class)),
    OPERADOR(EnumSet.of(Permission.READ, Permission.UPLOAD, Permission.RUN_NOW, Permission.RERUN)),
    TECNICO(EnumSet.of(Permission.READ, Permission.RERUN)),
    AUDITOR(EnumSet.of(Permission.READ, Permission.READ_AUDIT));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean may(Permission p) {
        return permissions.contains(p);
    }

    /** The name in files, settings and pages: director, operador, tecnico, auditor. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String t = s.trim().toLowerCase(Locale.ROOT).replace("é", "e");
        for (Role r : values()) {
            if (r.id().equals(t)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
