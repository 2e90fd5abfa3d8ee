package dev.lvlmserve.recovery.study;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new report replaces the generated part of structural.md and keeps what was written by hand below the marker. */
class StudyReportTest {
    @TempDir
    Path dir;

    @Test
    void aNewReportKeepsTheHandWrittenSections() throws Exception {
        Path file = dir.resolve("structural.md");
        StudyRunner.writeReport(dir, "# generated 1\n");
        assertEquals("# generated 1\n", Files.readString(file));
        Files.writeString(file, Files.readString(file) + "\n" + StudyRunner.HAND_WRITTEN + "\n## by hand\nnumbers\n");
        StudyRunner.writeReport(dir, "# generated 2\n");
        assertEquals("# generated 2\n\n" + StudyRunner.HAND_WRITTEN + "\n## by hand\nnumbers\n",
                Files.readString(file));
    }
}
