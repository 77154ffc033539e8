package org.respaldo.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The files an operator loads into Prometheus and Grafana: the alert rules pass {@code promtool check rules}
 * and their unit tests ({@code promtool test rules}); the dashboard is valid JSON with a PromQL expression
 * per panel. (That every metric they name exists in a real scrape is checked by {@link MetricsApplicationTest}.)
 * promtool comes with Debian's {@code prometheus} package ({@code .ci/run} installs it when missing).
 */
class MonitoringFilesTest {

    static final Path RULES = Path.of("deploy/prometheus/respaldo-rules.yml");
    static final Path RULE_TESTS = Path.of("deploy/prometheus/respaldo-rules.test.yml");
    static final Path DASHBOARD = Path.of("deploy/grafana/respaldo.json");

    @Test
    void theAlertRulesPassPromtoolCheckRules() throws Exception {
        Result r = promtool("check", "rules", RULES.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: 5 rules found");
    }

    @Test
    void theAlertRulesPassTheirUnitTests() throws Exception {
        Result r = promtool("test", "rules", RULE_TESTS.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void everyRuleHasASeverityAndSpanishSummaryAndDescription() throws Exception {
        JsonNode rules = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(RULES.toFile());
        List<String> names = new ArrayList<>();
        for (JsonNode rule : rules.at("/groups/0/rules")) {
            names.add(rule.get("alert").asText());
            assertThat(rule.at("/labels/severity").asText()).isIn("critical", "warning");
            assertThat(rule.at("/annotations/summary").asText()).isNotBlank();
            assertThat(rule.at("/annotations/description").asText()).isNotBlank();
        }
        assertThat(names).containsExactly("RespaldoSinRespaldoReciente", "RespaldoBandejaDeSalidaDetenida", "RespaldoVeeamCaido",
                "RespaldoRepositorioConPocoEspacio", "RespaldoCertificadoPorVencer");
    }

    @Test
    void theDashboardIsValidJsonWithAnExpressionPerPanel() throws Exception {
        JsonNode d = new ObjectMapper().readTree(Files.readString(DASHBOARD, StandardCharsets.UTF_8));
        assertThat(d.get("title").asText()).isEqualTo("Respaldo");
        assertThat(d.get("panels")).hasSizeGreaterThanOrEqualTo(8);
        List<String> titles = new ArrayList<>();
        for (JsonNode p : d.get("panels")) {
            titles.add(p.get("title").asText());
            assertThat(p.get("targets")).as(p.get("title").asText()).isNotEmpty();
            for (JsonNode t : p.get("targets")) {
                assertThat(MetricsApplicationTest.metricNames(t.get("expr").asText())).as(t.get("expr").asText()).isNotEmpty();
            }
        }
        assertThat(String.join("|", titles)).contains("resultado", "Duración", "último respaldo", "Próximo disparo",
                "Bandeja de salida", "Veeam", "repositorios", "certificado");
    }

    record Result(int exit, String output) {
    }

    static Result promtool(String... args) throws IOException, InterruptedException {
        Path promtool = Path.of("/usr/bin/promtool");
        String exe = Files.isExecutable(promtool) ? promtool.toString() : "promtool";
        List<String> cmd = new ArrayList<>(List.of(exe));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed: apt-get install prometheus (Debian) puts it in /usr/bin", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
