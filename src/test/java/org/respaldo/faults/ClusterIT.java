package org.respaldo.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.respaldo.testing.Cluster;
import org.respaldo.testing.Eventually;
import org.respaldo.testing.Herd;
import org.respaldo.testing.Http;
import org.respaldo.testing.Mailboxes;
import org.respaldo.testing.Ports;
import org.respaldo.testing.ScheduleFiles;
import org.respaldo.testing.SimProcess;

/**
 * Three Respaldo JVMs on one PostgreSQL database of their own, one shared inbox folder, the
 * simulator in its own process and GreenMail (issue 8): every file is handled once, every fire runs
 * once on one node, a new version is in force everywhere at once, the per-server job limit holds
 * for the whole cluster, and a node killed with {@code kill -9} in the middle of a run has it
 * resumed by another node under the same id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static final int SAME_SECOND = 100;
    static final int LIMIT = 4;
    final Path dir = Path.of("target/it/cluster");
    SimProcess sim;
    GreenMail mail;
    final int smtp = Ports.free();
    Cluster cluster;

    @BeforeAll
    void start() {
        ScheduleFiles.deleteTree(dir);
        Map<String, String> jobs = new LinkedHashMap<>();
        for (int i = 0; i < SAME_SECOND; i++) {
            jobs.put(Herd.job(i), "4s");
        }
        for (int i = 1; i <= 8; i++) {
            jobs.put("Limite-" + i, "160s");
        }
        jobs.put("Largo-1", "500s");
        jobs.put("Largo-2", "500s");
        sim = SimProcess.start(dir.resolve("sim"), 20, Herd.inventory(dir.resolve("inventory.yaml"), jobs));
        mail = Mailboxes.start(smtp, Ports.free());
        // a short failover for the test (the benchmark measures the defaults)
        cluster = Cluster.start(dir, sim, smtp, 3, Map.of("respaldo.run.max-parallel-jobs", String.valueOf(LIMIT),
                "respaldo.cluster.heartbeat", "PT1S", "respaldo.cluster.failover-after", "PT6S",
                "respaldo.cluster.quartz-checkin", "PT2S", "respaldo.veeam.principal.poll-interval-ms", "200"));
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        mail.stop();
        sim.close();
    }

    @Test
    @Order(1)
    void everyNodeAnswersForTheWholeClusterAndTheDatabaseWasMigratedOnce() throws Exception {
        for (int i = 0; i < cluster.size(); i++) {
            JsonNode nodes = Http.get(cluster.node(i).url("/api/cluster")).json();
            assertThat(nodes).extracting(n -> n.get("node").asText()).containsExactly("nodo-a", "nodo-b", "nodo-c");
            assertThat(nodes).allMatch(n -> n.get("alive").asBoolean() && n.has("host") && n.has("startedAt") && n.has("lastCheckin")
                    && n.get("runs").asInt() == 0);
            int self = i;
            assertThat(nodes).filteredOn(n -> n.get("self").asBoolean()).singleElement()
                    .satisfies(n -> assertThat(n.get("node").asText()).isEqualTo(cluster.name(self)))
                    .satisfies(n -> assertThat(Math.abs(n.get("clockOffsetMillis").asLong())).isLessThan(1000));
        }
        long migrated = 0;
        for (int i = 0; i < cluster.size(); i++) {
            migrated += cluster.log(i).lines().filter(l -> l.contains("Database migrated from version")).count();
        }
        assertThat(migrated).as("the nodes started side by side on an empty database; one of them migrated it").isEqualTo(1);
    }

    @Test
    @Order(2)
    void twoHundredFilesInTheSharedInboxAreEachHandledOnce() throws Exception {
        ZonedDateTime later = ZonedDateTime.now(FaultFixture.GT).plusHours(3).withNano(0);
        int good = 180;
        int bad = 20;
        for (int i = 0; i < good; i++) {
            String id = "lote-%03d".formatted(i);
            ScheduleFiles.drop(cluster.inbox(), id + ".yaml", ScheduleFiles.firingAt(id, later.plusSeconds(i), "[Largo-1]", ""));
        }
        for (int i = 0; i < bad; i++) {
            String id = "malo-%02d".formatted(i);
            ScheduleFiles.drop(cluster.inbox(), id + ".yaml", ScheduleFiles.firingAt(id, later, "[Largo-1]", "")
                    .replaceFirst("cron: \"[^\"]*\"", "cron: \"no es un cron\""));
        }
        Eventually.await(Duration.ofSeconds(90), Duration.ofMillis(500), "the inbox emptied",
                () -> files(cluster.inbox()).isEmpty() && files(cluster.inbox().resolve(".accepted")).size() == good
                        && files(cluster.inbox().resolve(".rejected")).size() == 2 * bad);
        Thread.sleep(2000); // a second handling of a file would show up now
        List<String> accepted = names(cluster.inbox().resolve(".accepted"));
        List<String> rejected = names(cluster.inbox().resolve(".rejected"));
        assertThat(files(cluster.inbox().resolve(".failed"))).isEmpty();
        for (int i = 0; i < good; i++) {
            String name = "-lote-%03d.yaml".formatted(i);
            assertThat(accepted).as("one archive copy of " + name).filteredOn(n -> n.endsWith(name)).hasSize(1);
        }
        for (int i = 0; i < bad; i++) {
            String name = "-malo-%02d.yaml".formatted(i);
            assertThat(rejected).filteredOn(n -> n.endsWith(name)).hasSize(1);
            assertThat(rejected).filteredOn(n -> n.endsWith(name + ".reason.txt")).hasSize(1);
        }
        Eventually.await(Duration.ofSeconds(30), "the intake mails", () -> intakeMails().size() == good + bad);
        Thread.sleep(1000);
        Map<String, Integer> mails = intakeMails();
        assertThat(mails).hasSize(good + bad).allSatisfy((what, copies) -> assertThat(copies).as(what).isEqualTo(1));

        // each node took a share of the files, and every node knows every accepted schedule
        Map<String, Long> byNode = new TreeMap<>();
        for (int i = 0; i < cluster.size(); i++) {
            byNode.put(cluster.name(i), cluster.log(i).lines().filter(l -> l.contains("schedule accepted: lote-")).count());
        }
        System.out.println("ClusterIT: schedule files accepted by node " + byNode);
        assertThat(byNode.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(good);
        assertThat(byNode.values()).as("more than one node read the shared inbox").filteredOn(n -> n > 0).hasSizeGreaterThan(1);
        for (int i = 0; i < cluster.size(); i++) {
            JsonNode all = Http.get(cluster.node(i).url("/api/schedules")).json();
            assertThat(all).filteredOn(s -> s.get("id").asText().startsWith("lote-")).hasSize(good);
        }
    }

    @Test
    @Order(3)
    void aNewVersionAcceptedOnOneNodeIsTheNextFireTimeOnTheOthersAtOnce() throws Exception {
        String id = "version-nueva";
        ZonedDateTime v1 = ZonedDateTime.now(FaultFixture.GT).plusHours(2).withNano(0);
        ZonedDateTime v2 = v1.plusMinutes(17);
        ScheduleFiles.drop(cluster.inbox(), id + ".yaml", ScheduleFiles.firingAt(id, v1, "[Largo-2]", ""));
        Eventually.await(Duration.ofSeconds(30), "v1 on every node", () -> versionEverywhere(id, 1));
        ScheduleFiles.drop(cluster.inbox(), id + ".yaml", ScheduleFiles.firingAt(id, v2, "[Largo-2]", ""));
        int[] a = {-1};
        Eventually.await(Duration.ofSeconds(30), Duration.ofMillis(20), "v2 accepted by a node", () -> {
            for (int i = 0; i < cluster.size(); i++) {
                if (cluster.log(i).contains("schedule accepted: " + id + " v2")) {
                    a[0] = i;
                    return true;
                }
            }
            return false;
        });
        // at once: no waiting on the other nodes
        for (int i = 0; i < cluster.size(); i++) {
            if (i == a[0]) {
                continue;
            }
            JsonNode s = Http.get(cluster.node(i).url("/api/schedules/" + id)).json();
            assertThat(s.get("version").asInt()).as(cluster.name(i) + " after v2 on " + cluster.name(a[0])).isEqualTo(2);
            assertThat(OffsetDateTime.parse(s.get("nextFireTimes").get(0).asText()).toInstant()).isEqualTo(v2.toInstant());
            JsonNode listed = null;
            for (JsonNode x : Http.get(cluster.node(i).url("/api/schedules")).json()) {
                if (x.get("id").asText().equals(id)) {
                    listed = x;
                }
            }
            assertThat(listed).isNotNull();
            assertThat(OffsetDateTime.parse(listed.get("nextFireTime").asText()).toInstant()).as("the trigger in the shared store")
                    .isEqualTo(v2.toInstant());
        }
    }

    @Test
    @Order(4)
    void aHundredSchedulesFiringInTheSameSecondAreAHundredRunsEachOnOneNode() throws Exception {
        long startsBefore = sim.count(FaultFixture.START);
        ZonedDateTime at = ZonedDateTime.now(FaultFixture.GT).plusSeconds(45).withNano(0);
        for (int i = 0; i < SAME_SECOND; i++) {
            String id = "mismo-%03d".formatted(i);
            ScheduleFiles.drop(cluster.inbox(), id + ".yaml", ScheduleFiles.firingAt(id, at, "[" + Herd.job(i) + "]", ""));
        }
        Eventually.await(Duration.ofSeconds(40), Duration.ofMillis(500), "every schedule registered on every node", () -> {
            for (int i = 0; i < cluster.size(); i++) {
                if (Http.get(cluster.node(i).url("/api/schedules")).json().findValues("id").stream()
                        .filter(v -> v.asText().startsWith("mismo-")).count() != SAME_SECOND) {
                    return false;
                }
            }
            return true;
        });
        assertThat(ZonedDateTime.now(FaultFixture.GT)).as("registered before the fire").isBefore(at);
        Eventually.await(Duration.ofSeconds(150), Duration.ofSeconds(1), "every run concluded",
                () -> runs("mismo-").stream().filter(r -> r.get("status").asText().equals("CONCLUDED")).count() == SAME_SECOND);
        Thread.sleep(1500);
        List<JsonNode> runs = runs("mismo-");
        assertThat(runs).hasSize(SAME_SECOND).allMatch(r -> r.get("result").asText().equals("SUCCESS"));
        assertThat(runs).extracting(r -> r.get("scheduleId").asText()).doesNotHaveDuplicates();
        Map<String, Integer> byNode = new TreeMap<>();
        for (JsonNode r : runs) {
            byNode.merge(r.get("node").asText(), 1, Integer::sum);
        }
        System.out.println("ClusterIT: runs of the same second by node " + byNode);
        assertThat(byNode.keySet()).isSubsetOf("nodo-a", "nodo-b", "nodo-c");
        assertThat(byNode).as("the fires were spread over the nodes").hasSizeGreaterThan(1);
        assertThat(sim.count(FaultFixture.START) - startsBefore).as("each job started once").isEqualTo(SAME_SECOND);
        // any node answers for every run, whichever node ran it
        String one = runs.get(0).get("id").asText();
        String body = Http.get(cluster.node(0).url("/api/runs/" + one)).body();
        for (int i = 1; i < cluster.size(); i++) {
            assertThat(Http.get(cluster.node(i).url("/api/runs/" + one)).body()).isEqualTo(body);
        }
    }

    @Test
    @Order(5)
    void eightJobsOnOneServerWithALimitOfFourNeverRunMoreThanFourAtOnceAcrossTheCluster() throws Exception {
        ZonedDateTime at = ZonedDateTime.now(FaultFixture.GT).plusSeconds(20).withNano(0);
        for (int i = 1; i <= 8; i++) {
            String id = "limite-" + i;
            ScheduleFiles.drop(cluster.inbox(), id + ".yaml", ScheduleFiles.firingAt(id, at, "[Limite-" + i + "]", ""));
        }
        Eventually.await(Duration.ofSeconds(15), Duration.ofMillis(300), "the 8 schedules registered",
                () -> Http.get(cluster.node(0).url("/api/schedules")).json().findValues("id").stream()
                        .filter(v -> v.asText().startsWith("limite-")).count() == 8);
        sim.admin("DELETE", "/admin/concurrency", null);
        Eventually.await(Duration.ofSeconds(120), Duration.ofSeconds(1), "the 8 runs concluded",
                () -> runs("limite-").stream().filter(r -> r.get("status").asText().equals("CONCLUDED")).count() == 8);
        List<JsonNode> runs = runs("limite-");
        assertThat(runs).allMatch(r -> r.get("result").asText().equals("SUCCESS"));
        Map<String, Integer> byNode = new TreeMap<>();
        for (JsonNode r : runs) {
            byNode.merge(r.get("node").asText(), 1, Integer::sum);
        }
        System.out.println("ClusterIT: the limit's runs by node " + byNode);
        assertThat(byNode).as("the runs were spread over the nodes").hasSizeGreaterThan(1);
        JsonNode c = sim.admin("GET", "/admin/concurrency", null);
        assertThat(c.get("peak").asInt()).as("jobs running at once in Veeam").isEqualTo(LIMIT);
    }

    @Test
    @Order(6)
    void aNodeKilledInTheMiddleOfARunHasItResumedByAnotherNodeUnderTheSameId() throws Exception {
        long startsBefore = sim.count(FaultFixture.START);
        String id = "largo";
        ScheduleFiles.drop(cluster.inbox(), id + ".yaml", ScheduleFiles.firingAt(id, FaultFixture.in(Duration.ofSeconds(8)),
                "[Largo-1, Largo-2]", ""));
        Eventually.await(Duration.ofSeconds(40), "the run RUNNING with both jobs in Veeam", () -> {
            JsonNode r = cluster.runs(0, id);
            return r.size() == 1 && r.get(0).get("status").asText().equals("RUNNING") && sim.count(FaultFixture.START) == startsBefore + 2;
        });
        String runId = cluster.runs(0, id).get(0).get("id").asText();
        String owner = Http.get(cluster.node(0).url("/api/runs/" + runId)).json().get("node").asText();
        int k = cluster.indexOf(owner);
        Thread.sleep(1500);
        cluster.kill9(k);
        long killedAt = System.nanoTime();
        int survivor = (k + 1) % cluster.size();
        Eventually.await(Duration.ofSeconds(30), Duration.ofMillis(200), "the run taken over",
                () -> !Http.get(cluster.node(survivor).url("/api/runs/" + runId)).json().get("node").asText().equals(owner));
        Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.println("ClusterIT: failover of " + runId + " from " + owner + " took " + failover.toMillis() + " ms");
        JsonNode nodes = Http.get(cluster.node(survivor).url("/api/cluster")).json();
        assertThat(nodes).filteredOn(n -> n.get("node").asText().equals(owner)).singleElement()
                .satisfies(n -> assertThat(n.get("alive").asBoolean()).as("the killed node").isFalse());

        // the killed node comes back while the run goes on elsewhere: it does not close that run
        cluster.restart(k);
        JsonNode run = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            run = Http.get(cluster.node(survivor).url("/api/runs/" + runId)).json();
            if (run.get("status").asText().equals("CONCLUDED")) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(run.get("status").asText()).isEqualTo("CONCLUDED");
        assertThat(cluster.runs(survivor, id)).as("one run, the same one, for the one fire").hasSize(1);
        assertThat(run.get("id").asText()).isEqualTo(runId);
        assertThat(run.get("node").asText()).isNotEqualTo(owner);
        assertThat(run.get("result").asText()).isEqualTo("SUCCESS");
        assertThat(run.get("jobs")).extracting(j -> j.get("result").asText()).containsExactly("SUCCESS", "SUCCESS");
        assertThat(sim.count(FaultFixture.START) - startsBefore).as("each job started once in Veeam").isEqualTo(2);
        Eventually.await(Duration.ofSeconds(15), "the conclusion mail", () -> mails(runId, "succeeded").size() == 2);
        Thread.sleep(1000);
        assertThat(mails(runId, "succeeded")).as("one copy per recipient").hasSize(2);
        assertThat(messageIds(mails(runId, "succeeded"))).hasSize(1);
    }

    // ------------------------------------------------------------------ helpers

    private boolean versionEverywhere(String id, int version) {
        for (int i = 0; i < cluster.size(); i++) {
            Http.Answer a = Http.get(cluster.node(i).url("/api/schedules/" + id));
            if (a.status() != 200 || a.json().get("version").asInt() != version) {
                return false;
            }
        }
        return true;
    }

    private List<JsonNode> runs(String prefix) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : Http.get(cluster.node(0).url("/api/runs?limit=1000")).json()) {
            if (r.get("scheduleId").asText().startsWith(prefix)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Distinct intake mails (by Message-ID): accepted ones by schedule, rejected ones by file name; the count of each. */
    private Map<String, Integer> intakeMails() {
        Map<String, java.util.Set<String>> ids = new HashMap<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            try {
                String event = header(m, "X-Respaldo-Event");
                String key = null;
                if ("accepted".equals(event) && header(m, "X-Respaldo-Schedule") != null
                        && header(m, "X-Respaldo-Schedule").startsWith("lote-")) {
                    key = "accepted " + header(m, "X-Respaldo-Schedule");
                } else if ("rejected".equals(event) && m.getSubject().contains("malo-")) {
                    key = "rejected " + m.getSubject().replaceAll(".*(malo-\\d+\\.yaml).*", "$1");
                }
                if (key != null) {
                    ids.computeIfAbsent(key, x -> new java.util.HashSet<>()).add(m.getMessageID());
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        Map<String, Integer> out = new TreeMap<>();
        ids.forEach((k, v) -> out.put(k, v.size()));
        return out;
    }

    private List<MimeMessage> mails(String runId, String event) {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            try {
                if (runId.equals(header(m, "X-Respaldo-Run")) && event.equals(header(m, "X-Respaldo-Event"))) {
                    out.add(m);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private static List<String> messageIds(List<MimeMessage> ms) {
        return ms.stream().map(m -> {
            try {
                return m.getMessageID();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).distinct().toList();
    }

    private static String header(MimeMessage m, String name) throws MessagingException {
        String[] h = m.getHeader(name);
        return h == null ? null : h[0];
    }

    /** The regular, visible files of a folder and its subfolders (.accepted keeps one folder per schedule). */
    private static List<Path> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = folder.getFileName().toString().startsWith(".") ? Files.walk(folder) : Files.list(folder)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<String> names(Path folder) {
        return files(folder).stream().map(p -> p.getFileName().toString()).toList();
    }
}
