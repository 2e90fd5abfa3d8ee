package dev.lvlmserve.recovery;

import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.train.TrainConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What a checkpoint's {@code TRAINING.json} says about the data it was trained on: how many training examples it
 * saw over its whole {@code initialized_from} chain (each stage's last logged step × its batch size — the steps it
 * really ran, also for stages stopped early), and the last stage's config, whose batch mix (suites, captions,
 * locate queries, choice drills) a recovery draws from.
 *
 * @param examples training examples over every stage
 * @param lastStageExamples those of the last stage alone
 * @param stages how many stages the chain has
 */
public record TrainingRecord(long examples, long lastStageExamples, int stages, TrainConfig lastConfig) {
    public static final String FILE = "TRAINING.json";

    /** The record beside a checkpoint, if it has one. */
    public static Optional<TrainingRecord> of(Path checkpointDir) {
        Path file = checkpointDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(Json.MAPPER.readTree(Files.readString(file))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a training record: " + e.getMessage(), e);
        }
    }

    static TrainingRecord parse(JsonNode root) {
        long total = 0;
        long last = -1;
        int stages = 0;
        for (JsonNode stage = root; stage != null && !stage.isNull(); stage = stage.get("initialized_from")) {
            JsonNode curve = stage.path("loss_curve");
            JsonNode config = stage.path("config");
            if (!curve.isArray() || curve.isEmpty() || !config.has("batchSize")) {
                throw new IllegalArgumentException("a stage without a loss curve or a batch size");
            }
            long examples = curve.get(curve.size() - 1).path("step").asLong() * config.path("batchSize").asLong();
            total += examples;
            last = last < 0 ? examples : last;
            stages++;
        }
        TrainConfig config = Json.MAPPER.treeToValue(root.get("config"), TrainConfig.class);
        return new TrainingRecord(total, last, stages, config);
    }
}
