package org.respaldo.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.respaldo.demo.DemoDirectory;

/** The users file, the directory (the demo's embedded one, over LDAP), bcrypt and the lockout. */
class LoginSourcesTest {

    @TempDir
    Path dir;

    @Test
    void theUsersFileLogsInByBcryptAndNamesItsWrongLinesWithoutTheirHashes() throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, "# usuarios\nana:director:" + Passwords.hash("secreto-1") + "\n"
                + "luis:operador:plain-text\nmarta:jefa:" + Passwords.hash("x") + "\nbad line\n");
        UsersFile users = new UsersFile(file);
        assertThat(users.authenticate("ana", "secreto-1")).contains(new User("ana", Role.DIRECTOR, "file"));
        assertThat(users.authenticate("ana", "secreto-2")).isEmpty();
        assertThat(users.authenticate("luis", "plain-text")).as("a password not hashed logs nobody in").isEmpty();
        assertThat(users.authenticate("nadie", "x")).isEmpty();
        List<String> problems = UsersFile.problems(Files.readAllLines(file), new java.util.HashMap<>());
        assertThat(problems).containsExactly(
                "line 3: the password is not a bcrypt hash (make one with: java -jar respaldo.jar hash-password)",
                "line 4: role 'jefa' is not director, operador, tecnico or auditor", "line 5: not user:role:bcrypt-hash");
        // a user added later needs no restart
        Files.writeString(file, "pedro:auditor:" + Passwords.hash("otra") + "\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(users.authenticate("pedro", "otra")).contains(new User("pedro", Role.AUDITOR, "file"));
    }

    @Test
    void hashPasswordReadsStandardInputAndPrintsAHashTheFileAccepts() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        int rc = Passwords.command(new java.io.ByteArrayInputStream("mi clave\n".getBytes()), new java.io.PrintStream(out, true),
                System.err);
        assertThat(rc).isZero();
        String hash = out.toString().trim();
        assertThat(hash).startsWith("$2a$10$").doesNotContain("mi clave");
        assertThat(Passwords.matches("mi clave", hash)).isTrue();
        assertThat(Passwords.command(new java.io.ByteArrayInputStream(new byte[0]), System.out,
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()))).isEqualTo(2);
    }

    @Test
    void theDirectoryChecksThePasswordByBindingAndMapsGroupsToRoles() throws Exception {
        try (DemoDirectory demo = DemoDirectory.start("127.0.0.1", 0)) {
            Map<Role, List<String>> groups = new EnumMap<>(Role.class);
            for (Role r : Role.values()) {
                // a DN written with other case and spaces is the same group
                groups.put(r, List.of(DemoDirectory.groupDn(r.id()).toUpperCase().replace(",", ", ")));
            }
            LdapDirectory ldap = new LdapDirectory(new LdapDirectory.Config(demo.url(), DemoDirectory.userDn("{0}"), "",
                    "(uid={0})", "", "", "memberOf", groups, 5000));
            for (String user : DemoDirectory.USERS) {
                assertThat(ldap.authenticate(user, DemoDirectory.PASSWORD)).as(user)
                        .contains(new User(user, Role.parse(user).orElseThrow(), "ldap"));
            }
            assertThat(ldap.authenticate("director", "wrong")).isEmpty();
            assertThat(ldap.authenticate("director", "")).as("an empty password is an anonymous bind, refused").isEmpty();
            assertThat(ldap.authenticate("nadie", DemoDirectory.PASSWORD)).isEmpty();
            // a user in no mapped group has no role
            Map<Role, List<String>> onlyDirector = new EnumMap<>(Role.class);
            onlyDirector.put(Role.DIRECTOR, List.of(DemoDirectory.groupDn("director")));
            LdapDirectory strict = new LdapDirectory(new LdapDirectory.Config(demo.url(), DemoDirectory.userDn("{0}"), "",
                    "(uid={0})", "", "", "memberOf", onlyDirector, 5000));
            assertThat(strict.authenticate("operador", DemoDirectory.PASSWORD)).isEmpty();
            // with a service account: the user's entry is searched by the filter
            LdapDirectory search = new LdapDirectory(new LdapDirectory.Config(demo.url(), "", DemoDirectory.BASE, "(uid={0})",
                    DemoDirectory.userDn("auditor"), DemoDirectory.PASSWORD, "memberOf", groups, 5000));
            assertThat(search.authenticate("tecnico", DemoDirectory.PASSWORD)).contains(new User("tecnico", Role.TECNICO, "ldap"));
            assertThat(search.authenticate("tecnico*", DemoDirectory.PASSWORD)).as("the name is a value, not a filter").isEmpty();
        }
    }

    @Test
    void aDirectoryThatDoesNotAnswerIsNotAFailedLogin() {
        int port = org.respaldo.testing.Ports.free();
        LdapDirectory ldap = new LdapDirectory(new LdapDirectory.Config("ldap://127.0.0.1:" + port, "uid={0},dc=x", "", "(uid={0})",
                "", "", "memberOf", Map.of(), 1000));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ldap.authenticate("director", "x"))
                .isInstanceOf(Authenticator.SourceUnavailableException.class).hasMessageContaining("did not answer");
    }

    @Test
    void fiveFailuresLockTheUserForFifteenMinutesAndAGoodLoginClearsTheCount() {
        Instant[] now = {Instant.parse("2026-12-01T10:00:00Z")};
        java.time.Clock clock = clock(now);
        LoginGuard guard = new LoginGuard(clock, 5, Duration.ofMinutes(15));
        for (int i = 1; i <= 4; i++) {
            assertThat(guard.failed("Ana").lockedUntil()).isEmpty();
        }
        guard.succeeded("ana");
        for (int i = 1; i <= 4; i++) {
            guard.failed("ana");
        }
        assertThat(guard.lockedUntil("ana")).isEmpty();
        assertThat(guard.failed("ANA").lockedUntil()).contains(Instant.parse("2026-12-01T10:15:00Z"));
        now[0] = now[0].plus(Duration.ofMinutes(14).plusSeconds(59));
        assertThat(guard.lockedUntil("ana")).isPresent();
        now[0] = now[0].plusSeconds(1);
        assertThat(guard.lockedUntil("ana")).isEmpty();
        assertThat(guard.failed("ana").failures()).as("counting starts again").isEqualTo(1);
    }

    @Test
    void aSessionIdleForLongerThanTheTimeoutIsGone() {
        Instant[] now = {Instant.parse("2026-12-01T10:00:00Z")};
        Sessions sessions = new Sessions(clock(now), Duration.ofMinutes(30));
        Sessions.Session s = sessions.open(new User("ana", Role.DIRECTOR, "file"));
        Sessions.Session t = sessions.open(new User("b", Role.AUDITOR, "file"));
        assertThat(s.id()).isNotEqualTo(s.csrf()).isNotEqualTo(t.id()).hasSizeGreaterThan(40);
        now[0] = now[0].plus(Duration.ofMinutes(29));
        assertThat(sessions.touch(s.id())).as("seen again: its idle time starts again").isPresent();
        now[0] = now[0].plus(Duration.ofMinutes(29));
        assertThat(sessions.touch(s.id())).isPresent();
        assertThat(sessions.touch(t.id())).as("idle 58 minutes").isEmpty();
        assertThat(sessions.touch("unknown")).isEmpty();
        sessions.close(s.id());
        assertThat(sessions.touch(s.id())).isEmpty();
    }

    static java.time.Clock clock(Instant[] now) {
        return new java.time.Clock() {
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now[0];
            }
        };
    }
}
