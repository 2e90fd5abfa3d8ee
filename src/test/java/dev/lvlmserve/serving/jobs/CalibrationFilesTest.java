package dev.lvlmserve.serving.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lvlmserve.serving.error.ServingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

class CalibrationFilesTest {
    @TempDir
    Path tmp;

    Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createDirectories(tmp.resolve("calibration"));
        Files.write(dir.resolve("a.png"), new byte[] {1});
        Files.writeString(tmp.resolve("secret.png"), "x");
    }

    private static String sample(String image) {
        return "{\"image\":\"" + image + "\",\"question\":\"what?\",\"answer\":\"a cube\"}\n";
    }

    private static ServingException refusal(Runnable r) {
        try {
            r.run();
        } catch (ServingException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void aFileInsideNamingImagesInsideIsAccepted() throws IOException {
        Files.writeString(dir.resolve("ok.jsonl"), sample("a.png") + sample("./a.png"));
        assertThat(CalibrationFiles.confine(dir, "ok.jsonl")).isEqualTo(dir.resolve("ok.jsonl").toRealPath()
                .toString());
    }

    @Test
    void aFileOutsideIsRefusedWithoutSayingWhy() {
        ServingException e = refusal(() -> CalibrationFiles.confine(dir, "/proc/self/environ"));
        assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(e.code()).isEqualTo("invalid_calibration");
        assertThat(e.param()).isEqualTo("calibration.path");
        assertThat(refusal(() -> CalibrationFiles.confine(dir, "../secret.png")).getMessage())
                .isEqualTo(e.getMessage());
    }

    @Test
    void imagesNamedOutsideTheDirectoryAreRefused() throws IOException {
        Files.writeString(dir.resolve("escape.jsonl"), sample("a.png") + sample("../secret.png"));
        Files.writeString(dir.resolve("absolute.jsonl"), sample(tmp.resolve("secret.png").toString()));
        assertThat(refusal(() -> CalibrationFiles.confine(dir, "escape.jsonl")).getMessage()).contains("sample 2");
        assertThat(refusal(() -> CalibrationFiles.confine(dir, "absolute.jsonl")).getMessage()).contains("sample 1");
    }

    @Test
    void malformedContentIsRefusedWithoutQuotingIt() throws IOException {
        Files.writeString(dir.resolve("env.jsonl"), "LVLM_ADMIN_KEY=hunter2\n");
        Files.writeString(dir.resolve("empty.jsonl"), "\n\n");
        ServingException e = refusal(() -> CalibrationFiles.confine(dir, "env.jsonl"));
        assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("LVLM_ADMIN_KEY").doesNotContain(
                dir.toString());
        assertThat(refusal(() -> CalibrationFiles.confine(dir, "empty.jsonl")).getMessage()).contains("no samples");
    }
}
