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
}
