package dev.lvlmserve.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.model.llava.LlavaPipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The train command's engine end to end at toy scale: it trains, validates, and writes a loadable checkpoint. */
class DefaultModelTrainerTest {
    @TempDir
    Path tmp;

    static TrainConfig toy(long seed) {
        return new TrainConfig(seed, 4, 4, 1e-3, 1, 0.1, 0.01, 1.0, 2, 2, List.of("pope", "vqa", "mmbench"), 16, 8, 16, 2, 2,
                32, 2, 2, 1, 64, 0.02, 0.25, 1.0, 0, "sample", 0.25, "embedding",
                List.of(new TrainConfig.HeadSupervision("subject_to_object", 1, 0, 0.3),
                        new TrainConfig.HeadSupervision("subject_to_previous_word", 0, 1, 0.3),
                        new TrainConfig.HeadSupervision("option_to_letter", 0, 0, 0.3),
                        new TrainConfig.HeadSupervision("answer_to_option", 1, 1, 0.3)), 1, 0.5,
                0.25, true, 1, 0.5, 1e-30, 1, 0.5, true);
    }

    @Test
    void trainsValidatesAndWritesACheckpointThatLoads() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path out = tmp.resolve("model");
        new DefaultModelTrainer(toy(5), new PrintStream(log, true)).run(out, "test");
        String text = log.toString();
        assertTrue(text.contains("validation @2:") && text.contains("validation @4:"), text);
        assertTrue(Files.isDirectory(tmp.resolve("model.step2")), "a snapshot after the first validation");
        JsonNode record = Json.MAPPER.readTree(Files.readString(out.resolve("TRAINING.json")));
        assertEquals("test", record.get("command").asString());
        assertEquals(2, record.get("validation").size());
        try (LlavaPipeline p = LlavaPipeline.load(out, null)) {
            assertEquals(2, p.model().config().textConfig().numHiddenLayers());
        }
    }

    @Test
    void trainingContinuesFromACheckpointAndRecordsWhereItStarted() throws Exception {
        Path first = tmp.resolve("first");
        Path second = tmp.resolve("second");
        new DefaultModelTrainer(toy(3), new PrintStream(new ByteArrayOutputStream())).run(first, "one");
        new DefaultModelTrainer(toy(4), new PrintStream(new ByteArrayOutputStream())).run(second, "two", first);
        JsonNode record = Json.MAPPER.readTree(Files.readString(second.resolve("TRAINING.json")));
        assertEquals("one", record.get("initialized_from").get("command").asString());
        assertEquals(Files.readString(first.resolve("tokenizer.json")), Files.readString(second.resolve(
                "tokenizer.json")));
    }

    @Test
    void theSameSeedDrawsTheSameBatches() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        new DefaultModelTrainer(toy(9), new PrintStream(new ByteArrayOutputStream())).run(a, "x");
        new DefaultModelTrainer(toy(9), new PrintStream(new ByteArrayOutputStream())).run(b, "x");
        assertEquals(Json.MAPPER.readTree(Files.readString(a.resolve("TRAINING.json"))).get("loss_curve"),
                Json.MAPPER.readTree(Files.readString(b.resolve("TRAINING.json"))).get("loss_curve"));
    }
}
