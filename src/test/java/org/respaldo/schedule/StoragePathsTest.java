package org.respaldo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Storage paths as written in a schedule and as Veeam reports them (procedure step 5). */
class StoragePathsTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        // Windows: case-insensitive, either separator, repeated and trailing separators dropped
        "D:\\Backups             | D:\\BACKUPS",
        "d:\\backups\\           | D:\\BACKUPS",
        "D:/Backups/             | D:\\BACKUPS",
        "D:\\Backups/Nocturno\\  | D:\\BACKUPS\\NOCTURNO",
        "D:\\\\Backups\\\\\\Nocturno | D:\\BACKUPS\\NOCTURNO",
        "D:\\Backups\\.\\Nocturno | D:\\BACKUPS\\NOCTURNO",
        "D:\\                    | D:\\",
        "D:/                     | D:\\",
        "'  E:\\Backups  '       | E:\\BACKUPS",
        // UNC shares keep their leading double backslash
        "\\\\nas01\\respaldos     | \\\\NAS01\\RESPALDOS",
        "\\\\NAS01\\Respaldos\\   | \\\\NAS01\\RESPALDOS",
        "\\\\nas01/respaldos/nocturno/ | \\\\NAS01\\RESPALDOS\\NOCTURNO",
        // POSIX: case-sensitive, repeated and trailing slashes dropped
        "/srv/veeam/Backups      | /srv/veeam/Backups",
        "/srv/veeam/Backups/     | /srv/veeam/Backups",
        "//srv///veeam/./Backups | /srv/veeam/Backups",
        "/                       | /",
    })
    void normalise(String path, String normalised) {
        assertThat(StoragePaths.normalise(path)).isEqualTo(normalised);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "D:\\Backups            | d:/backups/",
        "\\\\nas01\\Respaldos   | \\\\NAS01\\respaldos\\",
        "/srv/backups           | /srv/backups/",
    })
    void sameLocation(String a, String b) {
        assertThat(StoragePaths.same(a, b)).isTrue();
        assertThat(StoragePaths.same(b, a)).isTrue();
    }

    @ParameterizedTest(name = "{0} ≠ {1}")
    @CsvSource(delimiter = '|', value = {
        "/srv/Backups           | /srv/backups",
        "D:\\Backups            | E:\\Backups",
        "D:\\Backups            | D:\\Backups\\Nocturno",
        "\\\\nas01\\respaldos   | \\\\nas02\\respaldos",
    })
    void differentLocation(String a, String b) {
        assertThat(StoragePaths.same(a, b)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"D:\\Backups", "D:/Backups", "E:\\", "\\\\nas01\\respaldos", "\\\\nas01\\respaldos\\nocturno",
        "/srv/backups", "/", "D:\\Backups..\\x", "/srv/..respaldos", "D:\\Backups\\v1..2"})
    void acceptedPaths(String path) {
        assertThat(StoragePaths.problem(path)).as(path).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"D:\\Backups\\..\\Windows", "D:/Backups/../Windows", "D:\\..", "\\\\nas01\\respaldos\\..\\otro",
        "/srv/backups/../../etc", "/..", "/srv/backups/.."})
    void aDotDotSegmentIsRejected(String path) {
        assertThat(StoragePaths.problem(path)).as(path).hasValueSatisfying(p -> {
            assertThat(p[0]).contains("\"..\"");
            assertThat(p[1]).contains("\"..\"");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"Backups", "Backups\\Nocturno", ".\\Backups", "..\\Backups", "srv/backups", "\\\\nas01", " ", "",
        "C:Backups"})
    void relativeOrIncompletePathsAreRejected(String path) {
        assertThat(StoragePaths.problem(path)).as(path).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"D:\\Backups", "d:/x", "\\\\nas01\\respaldos"})
    void windowsPathsAreRecognised(String path) {
        assertThat(StoragePaths.isWindows(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/srv/backups", "Backups", "\\\\nas01"})
    void otherPathsAreNotWindows(String path) {
        assertThat(StoragePaths.isWindows(path)).isFalse();
    }
}
