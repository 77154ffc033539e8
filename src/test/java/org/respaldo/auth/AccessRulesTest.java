package org.respaldo.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which permission each request needs, and the roles' table of the issue. */
class AccessRulesTest {

    @Test
    void healthMetricsAndTheLoginAreOpenEverythingElseAsksForALogin() {
        assertThat(AccessRules.need("GET", "/observe/health").open()).isTrue();
        assertThat(AccessRules.need("GET", "/observe/metrics").open()).isTrue();
        assertThat(AccessRules.need("GET", "/login").open()).isTrue();
        assertThat(AccessRules.need("GET", "/").open()).isFalse();
        assertThat(AccessRules.need("GET", "/api/schedules").permission()).isEqualTo(Permission.READ);
        assertThat(AccessRules.need("GET", "/anything/else").open()).isFalse();
        // no way around a rule with dot segments or double slashes
        assertThat(AccessRules.need("GET", "/observe/../api/audit").permission()).isEqualTo(Permission.READ_AUDIT);
        assertThat(AccessRules.need("GET", "//api//audit").permission()).isEqualTo(Permission.READ_AUDIT);
    }

    @Test
    void eachWriteNeedsItsActionsPermissionAndAnUnknownWriteTheDirectors() {
        assertThat(AccessRules.need("POST", "/api/schedules/a/enable").permission()).isEqualTo(Permission.ENABLE_DISABLE);
        assertThat(AccessRules.need("POST", "/api/schedules/a/disable").permission()).isEqualTo(Permission.ENABLE_DISABLE);
        assertThat(AccessRules.need("POST", "/api/schedules/a/run").permission()).isEqualTo(Permission.RUN_NOW);
        assertThat(AccessRules.need("POST", "/api/runs/r1/rerun").permission()).isEqualTo(Permission.RERUN);
        assertThat(AccessRules.need("POST", "/api/runs/r1/signoff").permission()).isEqualTo(Permission.SIGNOFF);
        assertThat(AccessRules.need("POST", "/api/inbox").permission()).isEqualTo(Permission.UPLOAD);
        assertThat(AccessRules.need("DELETE", "/api/schedules/a").permission()).isEqualTo(Permission.ADMIN);
        assertThat(AccessRules.need("POST", "/api/audit").permission()).isEqualTo(Permission.ADMIN);
        assertThat(AccessRules.need("GET", "/api/audit/csv").permission()).isEqualTo(Permission.READ_AUDIT);
    }

    @Test
    void theRolesAreTheIssuesTable() {
        for (Permission p : Permission.values()) {
            assertThat(Role.DIRECTOR.may(p)).as("director %s", p).isTrue();
        }
        assertThat(Role.OPERADOR.may(Permission.UPLOAD)).isTrue();
        assertThat(Role.OPERADOR.may(Permission.RUN_NOW)).isTrue();
        assertThat(Role.OPERADOR.may(Permission.RERUN)).isTrue();
        assertThat(Role.OPERADOR.may(Permission.SIGNOFF)).isFalse();
        assertThat(Role.OPERADOR.may(Permission.ENABLE_DISABLE)).isFalse();
        assertThat(Role.OPERADOR.may(Permission.READ_AUDIT)).isFalse();
        assertThat(Role.TECNICO.may(Permission.READ)).isTrue();
        assertThat(Role.TECNICO.may(Permission.RERUN)).isTrue();
        assertThat(Role.TECNICO.may(Permission.RUN_NOW)).isFalse();
        assertThat(Role.TECNICO.may(Permission.READ_AUDIT)).isFalse();
        assertThat(Role.AUDITOR.may(Permission.READ_AUDIT)).isTrue();
        for (Permission p : new Permission[] {Permission.UPLOAD, Permission.RUN_NOW, Permission.RERUN, Permission.SIGNOFF,
                Permission.ENABLE_DISABLE, Permission.ADMIN}) {
            assertThat(Role.AUDITOR.may(p)).as("auditor %s", p).isFalse();
        }
        assertThat(Role.parse("Técnico")).contains(Role.TECNICO);
    }

    @Test
    void afterTheLoginAUserGoesOnlyToAPathOfThisServer() {
        assertThat(AuthGate.safeNext("/api/runs")).isEqualTo("/api/runs");
        assertThat(AuthGate.safeNext("//evil.example/")).isEqualTo("/");
        assertThat(AuthGate.safeNext("https://evil.example/")).isEqualTo("/");
        assertThat(AuthGate.safeNext("/\\evil.example")).isEqualTo("/");
        assertThat(AuthGate.safeNext(null)).isEqualTo("/");
    }
}
