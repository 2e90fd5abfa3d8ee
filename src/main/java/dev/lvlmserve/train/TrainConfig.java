package dev.lvlmserve.train;

import dev.lvlmserve.model.config.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything that determines a training run (captionFraction: the share of each batch spent on the dense
 * "Describe the image." task, see {@link dev.lvlmserve.bench.suite.Captions}; patchLossWeight: the training-only
 * per-patch attribute loss, see {@link CellLabels}, scored by a free "linear" probe or by the decoder's word
 * "embedding"s (patchProbe); locateFraction: the share spent on "Where is the red circle?", see
 * {@link dev.lvlmserve.bench.suite.Locate}; attentionLayer/attentionHead/attentionWeight/attentionFrom: the
 * head {@link AttentionSupervision} trains, the loss weight (0: off) and where it looks from ("answer" or "subject"); stopAfter: end
 * this run early on the schedule of {@code steps}; lossNormalization: "token" or "sample") of the default model; the committed checkpoint records the file and
 * the seed, so the run can be repeated. Read from a JSON file with these field names.
 */
public record TrainConfig(
        long seed,
        int steps,
        int batchSize,
        double peakLr,
        int warmupSteps,
        double minLrRatio,
        double weightDecay,
        double gradClip,
        int evalEvery,
        int evalSamplesPerSuite,
        List<String> suites,
        int imageSize,
        int patchSize,
        int visionHidden,
        int visionLayers,
        int visionHeads,
        int textHidden,
        int textLayers,
        int textHeads,
        int textKvHeads,
        int textIntermediate,
        double initStd,
        double captionFraction,
        double patchLossWeight,
        int stopAfter,
        String lossNormalization,
        double locateFraction,
        String patchProbe,
        int attentionLayer,
        int attentionHead,
        double attentionWeight,
        String attentionFrom) {

    /** The fields added after the first stages default to what those stages did: no locate task, linear probe. */
    public TrainConfig {
        patchProbe = patchProbe == null ? "linear" : patchProbe;
        attentionFrom = attentionFrom == null ? "answer" : attentionFrom;
        if (!attentionFrom.equals("answer") && !attentionFrom.equals("subject")) {
            throw new IllegalArgumentException("attentionFrom must be answer or subject, not " + attentionFrom);
        }
        if (!patchProbe.equals("linear") && !patchProbe.equals("embedding")) {
            throw new IllegalArgumentException("patchProbe must be linear or embedding, not " + patchProbe);
        }
        if (captionFraction + locateFraction > 1) {
            throw new IllegalArgumentException("captionFraction + locateFraction must not exceed 1");
        }
    }

    /** Whether one attention head is told where to look ({@link AttentionSupervision}); off when the weight is 0. */
    public boolean supervisesAttention() {
        return attentionWeight > 0;
    }

    public boolean embeddingProbe() {
        return "embedding".equals(patchProbe);
    }

    /** Steps this run takes: {@code stopAfter} when set (a stage that ends early on a longer schedule). */
    public int stepsToRun() {
        return stopAfter > 0 ? Math.min(stopAfter, steps) : steps;
    }

    /** "sample": every example weighs the same however many target tokens it has; "token": a plain token mean. */
    public boolean perSampleLoss() {
        return "sample".equals(lossNormalization);
    }

    public static TrainConfig read(Path file) throws IOException {
        return Json.MAPPER.readValue(Files.readString(file), TrainConfig.class);
    }

    public String toJson() {
        return Json.MAPPER.writeValueAsString(this);
    }
}
