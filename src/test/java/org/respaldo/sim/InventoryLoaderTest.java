package org.respaldo.sim;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryLoaderTest {

    static final String BASE = """
            users: [{username: u, password: p}]
            repositories: [{name: R, path: 'D:\\\\B', capacityGB: 100, freeGB: 50}]
            jobs:
              - name: J
                repository: R
                objects: [{name: vm}]
                behaviour: {outcome: Success, duration: 2h, waits: [{state: WaitingSlot, duration: 5m}]}
            """;

    @Test
    void theDemoInventoryKeepsTheContract() {
        Inventory demo = InventoryLoader.demo();
        assertThat(demo.users()).extracting(Inventory.User::username).containsExactly("respaldo");
        assertThat(demo.jobs()).extracting(Inventory.Job::name).containsExactly("BD-SQLServer-Produccion", "BD-Oracle-SIAF",
                "BD-PostgreSQL-Portal", "BD-MySQL-Intranet", "BD-SQLServer-Fisico", "BD-HyperV-Tramites", "FS-Expedientes");
        assertThat(demo.jobs()).extracting(j -> j.name() + ":" + j.type()).contains("BD-SQLServer-Fisico:WindowsAgentBackup",
                "BD-HyperV-Tramites:HyperVBackup", "BD-Oracle-SIAF:VSphereBackup");
        assertThat(demo.jobs()).allSatisfy(j -> {
            long seconds = j.behaviour().duration().plus(j.behaviour().waits().stream()
                    .map(Inventory.Wait::duration).reduce(java.time.Duration.ZERO, java.time.Duration::plus)).toSeconds();
            assertThat(seconds).as(j.name()).isLessThan(60);
        });
        assertThat(demo.repositories()).extracting(r -> r.name() + "=" + r.path())
                .containsExactly("Repositorio-CD-Local=D:\\Backups", "Repositorio-CD-Secundario=E:\\Backups");
    }

    @Test
    void aValidFileLoads() throws Exception {
        Inventory inv = InventoryLoader.parse(BASE, "t.yaml");
        assertThat(inv.jobs().get(0).behaviour().duration()).hasHours(2);
        assertThat(inv.jobs().get(0).behaviour().waits().get(0).state()).isEqualTo("WaitingSlot");
        assertThat(inv.repositories().get(0).usedSpaceGB()).isEqualTo(50.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "outcome: Success|outcome: Sucess|jobs[0].behaviour.outcome",
            "duration: 2h|duration: two hours|jobs[0].behaviour.duration",
            "state: WaitingSlot|state: Waiting|jobs[0].behaviour.waits[0].state",
            "repository: R|repository: Nope|jobs[0].repository",
            "freeGB: 50|freeGB: 500|repositories[0].freeGB",
            "capacityGB: 100|capacityGB: lots|repositories[0].capacityGB",
            "objects: [{name: vm}]|objects: [{name: vm, size: 3}]|jobs[0].objects[0].size",
            "name: J|nombre: J|jobs[0].nombre",
    })
    void errorsNameTheBadField(String from, String to, String field) {
        String yaml = BASE.replace(from, to);
        assertThat(yaml).isNotEqualTo(BASE);
        assertThatThrownBy(() -> InventoryLoader.parse(yaml, "t.yaml"))
                .isInstanceOf(InventoryException.class)
                .hasMessageStartingWith("t.yaml: " + field + ":");
    }

    @Test
    void hyperVAndAgentJobsLoadWithTheirOwnFields() throws Exception {
        Inventory inv = InventoryLoader.parse("""
                users: [{username: u, password: p}]
                repositories: [{name: R, path: 'D:\\\\B', capacityGB: 100, freeGB: 50}]
                jobs:
                  - {name: HV, type: HyperVBackup, repository: R, objects: [{name: vm-1, hostName: hv01, sizeGB: 20}]}
                  - name: AG
                    type: windowsagentbackup
                    repository: R
                    backupMode: Volumes
                    history: 3
                    objects: [{name: srv-01, sizeGB: 30, protectionGroup: Fisicos}]
                    behaviour: {outcome: Failed, objects: [{name: srv-01, outcome: Failed, message: "offline"}]}
                  - {name: LX, type: LinuxAgentBackup, repository: R, objects: [{name: srv-02}]}
                """, "t.yaml");
        assertThat(inv.jobs()).extracting(Inventory.Job::type).containsExactly("HyperVBackup", "WindowsAgentBackup", "LinuxAgentBackup");
        Inventory.Job agent = inv.jobs().get(1);
        assertThat(agent.backupMode()).isEqualTo("Volumes");
        assertThat(agent.history()).isEqualTo(3);
        assertThat(agent.objects().get(0).protectionGroup()).isEqualTo("Fisicos");
        assertThat(agent.objects().get(0).hostName()).isEqualTo("srv-01");
        assertThat(agent.behaviour().objects()).containsExactly(new Inventory.ObjectOutcome("srv-01", "Failed", "offline"));
        assertThat(inv.jobs().get(2).objects().get(0).protectionGroup()).isEqualTo("Servidores");
        assertThat(inv.jobs().get(0).backupMode()).isEqualTo("EntireComputer");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "type: HyperVBackup|type: Replica|jobs[0].type",
            "objects: [{name: vm}]|objects: [{name: vm, protectionGroup: G}]|jobs[0].objects[0].protectionGroup",
            "type: HyperVBackup|type: HyperVBackup, backupMode: Volumes|jobs[0].backupMode",
            "type: HyperVBackup|type: HyperVBackup, history: 1.5|jobs[0].history",
            "objects: [{name: vm}]|objects: [{name: vm}, {name: vm}]|jobs[0].objects[1].name",
            "behaviour: {}|behaviour: {objects: [{name: vm-x, outcome: Failed}]}|jobs[0].behaviour.objects[0].name",
            "behaviour: {}|behaviour: {objects: [{name: vm, outcome: Broken}]}|jobs[0].behaviour.objects[0].outcome",
    })
    void newJobFieldsAreChecked(String from, String to, String field) {
        String base = """
                users: [{username: u, password: p}]
                repositories: [{name: R, path: 'D:\\\\B', capacityGB: 100, freeGB: 50}]
                jobs:
                  - {name: J, type: HyperVBackup, repository: R, objects: [{name: vm}], behaviour: {}}
                """;
        String yaml = base.replace(from, to);
        assertThat(yaml).isNotEqualTo(base);
        assertThatThrownBy(() -> InventoryLoader.parse(yaml, "t.yaml"))
                .isInstanceOf(InventoryException.class)
                .hasMessageStartingWith("t.yaml: " + field + ":");
    }

    @Test
    void brokenYamlAndMissingFilesSayWhatToDo() {
        assertThatThrownBy(() -> InventoryLoader.parse("jobs: [", "x.yaml")).hasMessageContaining("x.yaml: not valid YAML");
        assertThatThrownBy(() -> InventoryLoader.load(Path.of("/nonexistent/inv.yaml")))
                .hasMessageContaining("--inventory");
    }
}
