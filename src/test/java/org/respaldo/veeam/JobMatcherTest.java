package org.respaldo.veeam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class JobMatcherTest {

    private static final List<VeeamJob> JOBS = List.of(
            new VeeamJob("1", "BD-SQLServer-Produccion", "WindowsAgentBackup", false, "", "r1"),
            new VeeamJob("2", "BD-Oracle-SIAF", "WindowsAgentBackup", false, "", "r1"),
            new VeeamJob("3", "BD-PostgreSQL-Portal", "LinuxAgentBackup", false, "", "r1"),
            new VeeamJob("4", "BD-MySQL-Intranet", "LinuxAgentBackup", false, "", "r1"),
            new VeeamJob("5", "FS-Expedientes", "FileBackup", false, "", "r2"));

    @Test
    void exactNamesAndPatterns() {
        JobResolution r = JobMatcher.resolve(List.of("FS-Expedientes", "BD-*", "*-Portal", "*SQL*", "Nope", "XY*"), JOBS);
        assertThat(r.matched().get("FS-Expedientes")).extracting(VeeamJob::id).containsExactly("5");
        assertThat(r.matched().get("BD-*")).hasSize(4);
        assertThat(r.matched().get("*-Portal")).extracting(VeeamJob::id).containsExactly("3");
        assertThat(r.matched().get("*SQL*")).extracting(VeeamJob::id).containsExactly("1", "3", "4");
        assertThat(r.unmatched()).containsExactly("Nope", "XY*");
        assertThat(r.complete()).isFalse();
        assertThat(r.jobs()).extracting(VeeamJob::id).containsExactly("5", "1", "2", "3", "4");
        assertThat(r.known()).hasSize(5).contains("BD-Oracle-SIAF");
    }

    @Test
    void namesCompareCaseInsensitivelyLikeVbr() {
        assertThat(JobMatcher.matches("bd-oracle-siaf", "BD-Oracle-SIAF")).isTrue();
        assertThat(JobMatcher.matches("BD-Oracle", "BD-Oracle-SIAF")).isFalse();
        assertThat(JobMatcher.matches("*", "anything")).isTrue();
    }

    @Test
    void starInTheMiddleIsRefused() {
        assertThatThrownBy(() -> JobMatcher.matches("BD-*-SIAF", "BD-Oracle-SIAF"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start or the end");
    }
}
