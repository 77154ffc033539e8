package org.respaldo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Map;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The house's package graph points one way: leaf helpers (json, text, time, config, store, outbox)
 * ← veeam ← schedule ← availability, storage ← run ← notify, web ← watch ← demo, root; the simulator stands
 * alone; the audit trail (audit) sits on store, the console's logins (auth) on audit, and the console's pages (console)
 * above the rooms whose data they show. No cycles.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchitectureTest {

    /** What each room may use of the others (besides itself and the outside world). */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("json", Set.of()),
            Map.entry("text", Set.of()),
            Map.entry("time", Set.of()),
            Map.entry("config", Set.of()),
            Map.entry("store", Set.of()),
            Map.entry("outbox", Set.of("store", "json")),
            Map.entry("sim", Set.of()),
            Map.entry("veeam", Set.of("json", "text", "time", "config")),
            Map.entry("schedule", Set.of("json", "text", "time", "config", "store", "outbox", "veeam")),
            Map.entry("availability", Set.of("json", "text", "time", "schedule", "veeam")),
            Map.entry("storage", Set.of("json", "text", "schedule", "veeam")),
            Map.entry("run", Set.of("json", "text", "time", "config", "store", "outbox", "veeam", "schedule", "availability",
                    "storage")),
            Map.entry("notify", Set.of("json", "text", "time", "config", "store", "outbox", "schedule", "run")),
            Map.entry("web", Set.of("json", "text", "outbox", "schedule", "run", "audit")),
            Map.entry("audit", Set.of("store")),
            Map.entry("auth", Set.of("json", "text", "config", "audit")),
            Map.entry("console", Set.of("json", "text", "config", "outbox", "schedule", "availability", "run", "audit", "auth", "health",
                    "watch", "web")),
            Map.entry("watch", Set.of("json", "text", "time", "config", "store", "outbox", "veeam", "schedule", "run", "notify")),
            Map.entry("demo", Set.of("json", "text", "config", "sim", "outbox")),
            Map.entry("health", Set.of("json", "text", "time", "config", "store", "outbox", "veeam", "notify")),
            Map.entry("metrics", Set.of("json", "text", "time", "config", "store", "outbox", "veeam", "schedule", "run", "health",
                    "watch")));

    JavaClasses main;

    @BeforeAll
    void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.respaldo");
    }

    @Test
    void thePackagesHaveNoCycles() {
        slices().matching("org.respaldo.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void eachRoomUsesOnlyTheRoomsBelowIt() {
        for (Map.Entry<String, Set<String>> e : ALLOWED.entrySet()) {
            String room = e.getKey();
            String[] allowed = java.util.stream.Stream.concat(
                    java.util.stream.Stream.of("org.respaldo." + room + ".."),
                    e.getValue().stream().map(p -> "org.respaldo." + p + "..")).toArray(String[]::new);
            classes().that().resideInAPackage("org.respaldo." + room + "..")
                    .should().onlyDependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.or(
                            com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage("org.respaldo.."),
                            com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(allowed)))
                    .because(room + " may use only " + e.getValue())
                    .allowEmptyShould(true)
                    .check(main);
        }
    }

    @Test
    void everyRoomIsKnown() {
        Set<String> rooms = new java.util.TreeSet<>();
        main.forEach(c -> {
            String p = c.getPackageName();
            if (p.startsWith("org.respaldo.")) {
                rooms.add(p.substring("org.respaldo.".length()).split("\\.")[0]);
            }
        });
        org.assertj.core.api.Assertions.assertThat(ALLOWED.keySet()).as("a new room needs its place in the graph")
                .containsAll(rooms);
    }
}
