package dev.lvlmserve.serving.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfinedFilesTest {
    @TempDir
    Path tmp;

    Path root;
    Path outside;
    ConfinedFiles files;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("calibration"));
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/ok.jsonl"), "{}");
        outside = Files.writeString(tmp.resolve("secret.txt"), "LVLM_ADMIN_KEY=hunter2");
        files = new ConfinedFiles(root);
    }

    @Test
    void aFileInsideResolvesToItsRealPath() throws IOException {
        assertThat(files.resolve("sub/ok.jsonl")).contains(root.resolve("sub/ok.jsonl").toRealPath());
        assertThat(files.resolve(root.resolve("sub/ok.jsonl").toString())).isPresent(); // absolute, but inside
        assertThat(files.resolve("sub/../sub/ok.jsonl")).isPresent();
    }

    @Test
    void escapesAreRefused() {
        assertThat(files.resolve("../secret.txt")).isEmpty();
        assertThat(files.resolve("sub/../../secret.txt")).isEmpty();
        assertThat(files.resolve(outside.toString())).isEmpty();
        assertThat(files.resolve("/proc/self/environ")).isEmpty();
        assertThat(files.resolve("/etc/passwd")).isEmpty();
        assertThat(files.resolve("%2e%2e/secret.txt")).isEmpty(); // no decoding here: a literal, missing name
    }

    @Test
    void linksPointingOutAreRefusedAndLinksStayingInsideAreFollowed() throws IOException {
        Files.createSymbolicLink(root.resolve("leak.jsonl"), outside);
        Files.createSymbolicLink(root.resolve("alias.jsonl"), root.resolve("sub/ok.jsonl"));
        Files.createSymbolicLink(root.resolve("up"), tmp);
        assertThat(files.resolve("leak.jsonl")).isEmpty();
        assertThat(files.resolve("up/secret.txt")).isEmpty();
        assertThat(files.resolve("alias.jsonl")).contains(root.resolve("sub/ok.jsonl").toRealPath());
    }

    @Test
    void directoriesMissingFilesAndOddNamesAreRefused() {
        assertThat(files.resolve("sub")).isEmpty();
        assertThat(files.resolve("missing.jsonl")).isEmpty();
        assertThat(files.resolve("")).isEmpty();
        assertThat(files.resolve((String) null)).isEmpty();
        assertThat(files.resolve("sub/ok.jsonl\0.png")).isEmpty();
    }

    @Test
    void aMissingRootRefusesEverything() {
        assertThat(new ConfinedFiles(tmp.resolve("nowhere")).resolve("sub/ok.jsonl")).isEmpty();
    }
}
