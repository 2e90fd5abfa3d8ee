package dev.lvlmserve.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every training config the repository cites still reads, so the recorded runs can be repeated. */
class TrainConfigFilesTest {
    @Test
    void everyCommittedTrainingConfigParses() throws Exception {
        List<Path> files;
        try (Stream<Path> models = Files.list(Path.of("models"));
                Stream<Path> experiments = Files.list(Path.of("docs/results/default-model/experiments"))) {
            files = Stream.concat(models, experiments).filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertTrue(files.size() >= 10, "configs found: " + files);
        for (Path f : files) {
            TrainConfig c = TrainConfig.read(f);
            assertTrue(c.steps() > 0 && c.batchSize() > 0, f.toString());
            for (TrainConfig.HeadSupervision h : c.attentionHeads()) {
                assertTrue(h.layer() < c.textLayers() && h.head() < c.textHeads(), f + ": " + h);
            }
        }
    }

    @Test
    void olderConfigsDefaultToTheLinearProbeNoLocateTaskAndNoHeadsWhileTyposFail() throws Exception {
        TrainConfig stage2 = TrainConfig.read(Path.of("models/scenes-llava-16l.stage2.json"));
        assertEquals("linear", stage2.patchProbe());
        assertEquals(0.0, stage2.locateFraction());
        assertTrue(stage2.attentionHeads().isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> new TrainConfig.HeadSupervision("subject_to_objekt", 1, 0, 1.0));
        assertThrows(IllegalArgumentException.class,
                () -> new TrainConfig.HeadSupervision("subject_to_object", 1, 0, 0.0));
    }
}
