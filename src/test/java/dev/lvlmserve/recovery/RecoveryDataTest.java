package dev.lvlmserve.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.train.TrainingExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data fraction: sized as documented, reproducible from its seed, never a VALIDATION or TEST scene. */
class RecoveryDataTest {
    static LlavaPipeline base;

    @BeforeAll
    static void load() {
        base = RecoveryFixtures.base();
    }

    @AfterAll
    static void close() {
        base.close();
    }

    /** Prompt and target ids of an example, as one comparable string. */
    static String key(TrainingExample e) {
        return java.util.Arrays.toString(e.promptIds()) + "→" + java.util.Arrays.toString(e.targetIds());
    }

    @Test
    void theFractionIsOfTheTrainPoolWithoutATrainingRecordAndReproducibleFromItsSeed() {
        BuiltinRecoveryData a = new BuiltinRecoveryData(base, null, 0.001, 11);
        BuiltinRecoveryData b = new BuiltinRecoveryData(base, null, 0.001, 11);
        BuiltinRecoveryData other = new BuiltinRecoveryData(base, null, 0.001, 12);
        BuiltinRecoveryData larger = new BuiltinRecoveryData(base, null, 0.002, 11);
        assertEquals(Math.round(0.001 * 7 * Split.TRAIN.defaultCount()), a.size());
        assertEquals(2 * a.size(), larger.size());
        List<String> first = IntStream.range(0, a.size()).mapToObj(i -> key(a.example(i))).toList();
        assertEquals(first, IntStream.range(0, b.size()).mapToObj(i -> key(b.example(i))).toList());
        assertEquals(first, IntStream.range(0, a.size()).mapToObj(i -> key(larger.example(i))).toList(),
                "a smaller fraction is a prefix of a larger one");
        List<String> reseeded = IntStream.range(0, other.size()).mapToObj(i -> key(other.example(i))).toList();
        assertThat(reseeded).isNotEqualTo(first);
        assertArrayEquals(a.example(3).pixelValues(), b.example(3).pixelValues());
        assertEquals(11, a.describe().seed());
        assertThrows(IndexOutOfBoundsException.class, () -> a.example(a.size()));
    }

    @Test
    void everyExampleShowsATrainSceneNoEvaluatedSampleUses() {
        BuiltinRecoveryData data = new BuiltinRecoveryData(base, null, 0.002, 5);
        Set<Long> heldOut = new HashSet<>();
        for (BenchmarkSuite s : Suites.all()) {
            for (int i = 0; i < 200; i++) {
                heldOut.add(s.sample(Split.VALIDATION, i).scene().fingerprint());
                heldOut.add(s.sample(Split.TEST, i).scene().fingerprint());
            }
        }
        for (int i = 0; i < data.size(); i++) {
            assertEquals(Split.TRAIN, Split.of(data.scene(i)), "example " + i);
            assertThat(heldOut).as("example %d's scene", i).doesNotContain(data.scene(i).fingerprint());
        }
    }

    @Test
    void theTrainingRecordSizesTheFractionOfTheDefaultModel() {
        Path dir = dev.lvlmserve.DefaultModel.locate();
        TrainingRecord record = TrainingRecord.of(dir).orElseThrow();
        assertThat(record.stages()).isGreaterThan(1);
        BuiltinRecoveryData data = new BuiltinRecoveryData(base, record, 0.0001, 0);
        assertEquals(Math.round(0.0001 * record.examples()), data.size());
        assertEquals(record.examples(), data.describe().denominator());
    }

    @Test
    void aFractionThatSelectsNothingIsRefusedByName() {
        InvalidRecoveryRequest e = assertThrows(InvalidRecoveryRequest.class,
                () -> new BuiltinRecoveryData(base, null, 1e-9, 0));
        assertEquals("data_fraction", e.field());
    }

    @Test
    void aJsonlFractionIsASeededShuffleWithTheRestHeldOut(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("a.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", image.toFile());
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            // line i asks "what" i + 1 times: its prompt length tells the lines apart whatever the vocabulary
            lines.append("{\"id\":\"s").append(i).append("\",\"image\":\"a.png\",\"conversations\":[{\"from\":\"human\","
                    + "\"value\":\"<image>\\n").append("what ".repeat(i + 1).strip())
                    .append("\"},{\"from\":\"gpt\",\"value\":\"yes\"}]}\n");
        }
        Path jsonl = Files.writeString(dir.resolve("data.jsonl"), lines.toString());
        JsonlRecoveryData a = new JsonlRecoveryData(base, jsonl, 0.25, 3);
        JsonlRecoveryData b = new JsonlRecoveryData(base, jsonl, 0.25, 3);
        assertEquals(5, a.size());
        List<Integer> chosen = IntStream.range(0, a.size()).map(a::line).boxed().toList();
        assertEquals(chosen, IntStream.range(0, b.size()).map(b::line).boxed().toList());
        assertThat(new JsonlRecoveryData(base, jsonl, 0.25, 4).line(0) == chosen.get(0)
                && new JsonlRecoveryData(base, jsonl, 0.25, 4).line(1) == chosen.get(1)).isFalse();
        Set<Integer> train = new HashSet<>();
        IntStream.range(0, a.size()).forEach(i -> train.add(a.example(i).promptIds().length));
        assertEquals(5, train.size(), "five different lines");
        List<TrainingExample> held = a.heldOut(100);
        assertEquals(15, held.size());
        Set<Integer> heldLengths = new HashSet<>();
        held.forEach(e -> heldLengths.add(e.promptIds().length));
        assertEquals(15, heldLengths.size());
        assertThat(heldLengths).doesNotContainAnyElementsOf(train);
    }
}
