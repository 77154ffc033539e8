package org.respaldo.contract;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract check itself: it accepts what Veeam documents and rejects deliberate mistakes. */
class OpenApiContractTest {

    static final String ID = "6f1c0a52-7d3e-4b55-9d0e-0c2f6b6d1a10";
    static final String SESSION = """
            {"id":"%s","name":"BD-Oracle-SIAF","jobId":"%s","sessionType":"BackupJob",%s
             "creationTime":"2025-05-02T22:00:03.120000-06:00","progressPercent":37,
             "result":{"result":"None","message":"","isCanceled":false},"usn":48213}
            """;
    static final String JOB = """
            {"data":[{"id":"%s","name":"BD-Oracle-SIAF","type":"%s","isDisabled":false,"description":"d","isHighPriority":false,
             "virtualMachines":{"includes":[{"platform":"%s","name":"vm1","type":"VirtualMachine","hostName":"vc","objectId":"vm-1"}]},
             "storage":{"backupRepositoryId":"%s","backupProxies":{"autoSelectEnabled":true},"retentionPolicy":{"type":"RestorePoints","quantity":7}},
             "guestProcessing":{"appAwareProcessing":{"isEnabled":true},"guestFSIndexing":{"isEnabled":false}},
             "schedule":{"runAutomatically":false}%s}],"pagination":{"total":1,"count":1}}
            """;

    @Test
    void aCompleteSessionIsValidAndOneWithoutStateIsNot() {
        String good = SESSION.formatted(ID, ID, "\"state\":\"Working\",");
        assertThat(OpenApiContract.validateResponse("1.3-rev1", "GET", "/api/v1/sessions/" + ID, 200, "application/json", good).ok()).isTrue();
        OpenApiContract.Result bad = OpenApiContract.validateResponse("1.3-rev1", "GET", "/api/v1/sessions/" + ID, 200,
                "application/json", SESSION.formatted(ID, ID, ""));
        assertThat(bad.ok()).isFalse();
        assertThat(bad.describe()).contains("state").contains("1.3-rev1").contains("/api/v1/sessions/");
    }

    @Test
    void enumCasingOfTheOtherRevisionIsRejected() {
        String state = """
                {"data":[{"id":"%s","name":"x","type":"Backup","description":"","status":"%s","lastResult":"None",
                 "workload":"vm","objectsCount":1}],"pagination":{"total":1,"count":1}}
                """;
        assertThat(OpenApiContract.validateResponse("1.2-rev1", "GET", "/api/v1/jobs/states", 200, "application/json",
                state.formatted(ID, "inactive")).ok()).isTrue();
        OpenApiContract.Result wrong = OpenApiContract.validateResponse("1.2-rev1", "GET", "/api/v1/jobs/states", 200,
                "application/json", state.formatted(ID, "Inactive"));
        assertThat(wrong.ok()).isFalse();
        assertThat(wrong.describe()).contains("Inactive");
    }

    @Test
    void polymorphicJobModelsAreCheckedThroughTheDiscriminator() {
        assertThat(OpenApiContract.validateResponse("1.3-rev1", "GET", "/api/v1/jobs", 200, "application/json",
                JOB.formatted(ID, "VSphereBackup", "VSphere", ID, "")).problems()).isEmpty();
        assertThat(OpenApiContract.validateResponse("1.2-rev1", "GET", "/api/v1/jobs", 200, "application/json",
                JOB.formatted(ID, "Backup", "VMware", ID, "")).problems()).isEmpty();
        // 1.3 job type in a 1.2 response
        assertThat(OpenApiContract.validateResponse("1.2-rev1", "GET", "/api/v1/jobs", 200, "application/json",
                JOB.formatted(ID, "VSphereBackup", "VMware", ID, "")).ok()).isFalse();
        // 1.3 inventory platform in a 1.2 response
        assertThat(OpenApiContract.validateResponse("1.2-rev1", "GET", "/api/v1/jobs", 200, "application/json",
                JOB.formatted(ID, "Backup", "VSphere", ID, "")).ok()).isFalse();
        // a job without the fields its type requires
        String bare = "{\"data\":[{\"id\":\"" + ID + "\",\"name\":\"x\",\"type\":\"VSphereBackup\",\"isDisabled\":false}],"
                + "\"pagination\":{\"total\":1,\"count\":1}}";
        OpenApiContract.Result result = OpenApiContract.validateResponse("1.3-rev1", "GET", "/api/v1/jobs", 200, "application/json", bare);
        assertThat(result.ok()).isFalse();
        assertThat(result.describe()).contains("storage");
    }

    @Test
    void anUndocumentedStatusAndAMalformedRequestAreRejected() {
        assertThat(OpenApiContract.validateResponse("1.3-rev1", "GET", "/api/v1/jobs", 418, "application/json",
                "{\"errorCode\":\"UnknownError\",\"message\":\"x\"}").ok()).isFalse();
        OpenApiContract.Result ok = OpenApiContract.validateRequest("1.3-rev1", "GET", "/api/v1/sessions",
                Map.of("limit", List.of("50"), "jobIdFilter", List.of(ID)), Map.of("x-api-version", List.of("1.3-rev1")), null, null);
        assertThat(ok.problems()).isEmpty();
        OpenApiContract.Result badQuery = OpenApiContract.validateRequest("1.3-rev1", "GET", "/api/v1/sessions",
                Map.of("limit", List.of("many")), Map.of("x-api-version", List.of("1.3-rev1")), null, null);
        assertThat(badQuery.ok()).isFalse();
        OpenApiContract.Result noVersion = OpenApiContract.validateRequest("1.3-rev1", "GET", "/api/v1/sessions",
                Map.of(), Map.of(), null, null);
        assertThat(noVersion.describe()).contains("x-api-version");
    }

    @Test
    void anUnknownRevisionSaysWhichFileIsMissing() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenApiContract.validateResponse("9.9-rev9", "GET", "/x", 200, null, null))
                .hasMessageContaining("openapi/vbr-openapi-9.9-rev9.json");
    }

    static final String AGENT_JOB = """
            {"id":"%1$s","name":"BD-SQLServer-Fisico","type":"%2$s","isDisabled":false,"description":"d","isHighPriority":true,
             "agentType":"Server","backupMode":"EntireComputer",
             "computers":[{"platform":"Agent","id":"%1$s","name":"srv-sql01","type":"WindowsComputer","protectionGroupId":"%1$s"}],
             "storage":{"backupRepositoryId":"%1$s","retentionPolicy":{"type":"RestorePoints","quantity":14}},
             "guestProcessing":{"appAwareProcessing":{"isEnabled":true},"guestFSIndexing":{"isEnabled":false}},
             "schedule":{"runAutomatically":false}}
            """;
    static final String TASKS = """
            {"data":[{"id":"%1$s","type":"Backup","sessionId":"%1$s","sessionType":"%2$s","creationTime":"2025-05-02T22:00:03-06:00",
             %3$s"state":"Stopped","usn":12,"restorePointId":"%1$s","algorithm":"Full",
             "result":{"result":"Failed","message":"offline","isCanceled":false},
             "progress":{"duration":"00:10:00","processingRate":"120.5 MB/s","bottleneck":"Network","processedSize":1024,
              "readSize":512,"transferredSize":256%4$s}}],"pagination":{"total":1,"count":1}}
            """;

    @Test
    void agentAndHyperVJobModelsAreCheckedPerRevision() {
        assertThat(OpenApiContract.validateResponse("1.3-rev1", "GET", "/api/v1/jobs/" + ID, 200, "application/json",
                AGENT_JOB.formatted(ID, "WindowsAgentBackup")).problems()).isEmpty();
        assertThat(OpenApiContract.validateResponse("1.3-rev0", "GET", "/api/v1/jobs/" + ID, 200, "application/json",
                AGENT_JOB.formatted(ID, "LinuxAgentBackup")).problems()).isEmpty();
        // 1.2-rev1 has no agent jobs
        assertThat(OpenApiContract.validateResponse("1.2-rev1", "GET", "/api/v1/jobs/" + ID, 200, "application/json",
                AGENT_JOB.formatted(ID, "WindowsAgentBackup")).ok()).isFalse();
        // an agent job without its computers
        OpenApiContract.Result bare = OpenApiContract.validateResponse("1.3-rev1", "GET", "/api/v1/jobs/" + ID, 200,
                "application/json", AGENT_JOB.formatted(ID, "WindowsAgentBackup").replaceAll("\"computers\":\\[[^]]*],", ""));
        assertThat(bare.describe()).contains("computers");
        // the Hyper-V proxy type is spelt onHost in 1.3-rev0 and OnHost from 1.3-rev1
        String hyperV = JOB.formatted(ID, "HyperVBackup", "HyperV", ID, "").replace("\"autoSelectEnabled\":true", "\"proxyType\":\"%s\"")
                .replace("\"type\":\"VirtualMachine\",", "\"type\":\"VirtualMachine\",");
        assertThat(OpenApiContract.validateResponse("1.3-rev0", "GET", "/api/v1/jobs", 200, "application/json",
                hyperV.formatted("onHost")).problems()).isEmpty();
        assertThat(OpenApiContract.validateResponse("1.3-rev1", "GET", "/api/v1/jobs", 200, "application/json",
                hyperV.formatted("OnHost")).problems()).isEmpty();
        assertThat(OpenApiContract.validateResponse("1.3-rev1", "GET", "/api/v1/jobs", 200, "application/json",
                hyperV.formatted("onHost")).ok()).isFalse();
    }

    @Test
    void taskSessionsAndTheirPagingFollowTheRevision() {
        String path = "/api/v1/sessions/" + ID + "/taskSessions";
        assertThat(OpenApiContract.validateResponse("1.3-rev1", "GET", path, 200, "application/json",
                TASKS.formatted(ID, "AgentBackup", "\"name\":\"srv-sql01\",", ",\"progressPercent\":100")).problems()).isEmpty();
        assertThat(OpenApiContract.validateResponse("1.2-rev1", "GET", path, 200, "application/json",
                TASKS.formatted(ID, "BackupJob", "\"name\":\"vm-1\",", "")).problems()).isEmpty();
        // AgentBackup sessions do not exist in 1.2-rev1; a task session needs its object's name
        assertThat(OpenApiContract.validateResponse("1.2-rev1", "GET", path, 200, "application/json",
                TASKS.formatted(ID, "AgentBackup", "\"name\":\"srv-sql01\",", "")).ok()).isFalse();
        assertThat(OpenApiContract.validateResponse("1.3-rev1", "GET", path, 200, "application/json",
                TASKS.formatted(ID, "BackupJob", "", ",\"progressPercent\":100")).describe()).contains("name");
        // this path takes paging parameters only from 1.3-rev1; the filtered list takes them everywhere
        Map<String, List<String>> version12 = Map.of("x-api-version", List.of("1.2-rev1"));
        assertThat(OpenApiContract.validateRequest("1.2-rev1", "GET", path, Map.of("limit", List.of("50")), version12, null, null)
                .describe()).contains("limit");
        assertThat(OpenApiContract.validateRequest("1.3-rev1", "GET", path, Map.of("limit", List.of("50")),
                Map.of("x-api-version", List.of("1.3-rev1")), null, null).problems()).isEmpty();
        assertThat(OpenApiContract.validateRequest("1.2-rev1", "GET", "/api/v1/taskSessions",
                Map.of("sessionIdFilter", List.of(ID), "skip", List.of("0"), "limit", List.of("50")), version12, null, null)
                .problems()).isEmpty();
    }
}
