package dev.lvlmserve.pruning.calibration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.config.VisionConfig;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.ProgressListener;
import dev.lvlmserve.pruning.scoring.TokenLayout;
import dev.lvlmserve.pruning.scoring.TokenSelection;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs the calibration forwards: one per sample, batch size 1 (no padding, so attention rows and token means are
 * exactly the sample's), each inside its own sub-manager and {@link NDScope} so native memory is back to the base
 * line after every sample. Deterministic: the same samples in the same order give the same statistics.
 */
public final class Calibrator {
    private final ProgressListener progress;
    private final BooleanSupplier cancelled;

    public Calibrator(ProgressListener progress, BooleanSupplier cancelled) {
        this.progress = progress;
        this.cancelled = cancelled;
    }

    /**
     * @param stage the progress stage name reported for this pass
     * @throws java.util.concurrent.CancellationException when cancelled (checked before each sample and after each
     *     decoder layer)
     */
    public CalibrationStats run(LlavaModel model, List<CalibrationSample> samples, CaptureSpec spec, String stage) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("the calibration set is empty");
        }
        List<Integer> modelLayers = model.languageModel().layerIds();
        for (int layer : spec.layers()) {
            if (!modelLayers.contains(layer)) {
                throw new IllegalArgumentException("calibration layer " + layer + " is not in the model (layers "
                        + modelLayers + ")");
            }
        }
        CalibrationStats stats = new CalibrationStats(spec.scoreLayers(), model.config().textConfig().hiddenSize());
        for (int i = 0; i < samples.size(); i++) {
            Cancellation.check(cancelled, stage);
            CalibrationSample sample = samples.get(i);
            check(sample, model.config());
            SampleObserver observer = forward(model, sample, spec, stage);
            merge(stats, observer, spec, sample);
            progress.onProgress(stage, i + 1, samples.size());
        }
        return stats;
    }

    private SampleObserver forward(LlavaModel model, CalibrationSample sample, CaptureSpec spec, String stage) {
        TokenLayout layout = TokenLayout.of(sample.promptIds(), model.config().imageTokenIndex());
        SampleObserver observer = new SampleObserver(spec, layout, cancelled, stage);
        VisionConfig v = model.config().visionConfig();
        long[][] attention = {new long[sample.promptIds().length]};
        Arrays.fill(attention[0], 1L);
        try (NDManager m = model.manager().newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray features = sample.pixelValues() == null ? null : model.imageFeatures(
                    m.create(sample.pixelValues(), new Shape(1, v.numChannels(), v.imageSize(), v.imageSize())),
                    ForwardObserver.NONE); // (1, N, D)
            NDArray embeds = model.inputsEmbeds(new long[][] {sample.promptIds()}, features, m); // (1, T, D)
            model.languageModel().forward(embeds, attention, null, observer);
            observer.finish();
        }
        return observer;
    }

    private static void merge(CalibrationStats stats, SampleObserver observer, CaptureSpec spec,
            CalibrationSample sample) {
        for (int layer : spec.scoreLayers()) {
            double[] means = observer.sampleMeans.get(layer);
            if (means == null) {
                throw new IllegalStateException("layer " + layer + " was not observed for sample " + sample.id());
            }
            for (TokenSelection s : TokenSelection.values()) {
                stats.layer(layer).add(s, means[s.ordinal()]);
            }
        }
        for (FeatureKey key : spec.features()) {
            float[][] rows = observer.rows.get(key);
            if (rows == null) {
                throw new IllegalStateException("features " + key + " were not observed for sample " + sample.id());
            }
            for (float[] row : rows) {
                stats.features().add(key, row);
            }
        }
        for (int layer : spec.channelLayers()) {
            double[][] sq = observer.channelSquares.get(layer);
            if (sq == null || sq[0] == null || sq[1] == null) {
                throw new IllegalStateException("channels of layer " + layer + " were not observed for sample "
                        + sample.id());
            }
            stats.addChannels(layer, sq);
        }
        stats.sampleDone();
    }

    /** A sample must match the model: image positions iff pixels, the right counts and sizes. */
    static void check(CalibrationSample sample, LlavaConfig config) {
        int positions = sample.imagePositions(config.imageTokenIndex());
        VisionConfig v = config.visionConfig();
        long pixels = (long) v.numChannels() * v.imageSize() * v.imageSize();
        String where = "calibration sample '" + sample.id() + "': ";
        if (sample.pixelValues() == null && positions > 0) {
            throw new IllegalArgumentException(where + positions + " image positions but no pixel values");
        }
        if (sample.pixelValues() != null) {
            if (positions != config.imageSeqLength()) {
                throw new IllegalArgumentException(where + positions + " image positions, the model expects "
                        + config.imageSeqLength() + " per image");
            }
            if (sample.pixelValues().length != pixels) {
                throw new IllegalArgumentException(where + sample.pixelValues().length + " pixel values, the model"
                        + " expects " + pixels + " (" + v.numChannels() + "×" + v.imageSize() + "×" + v.imageSize()
                        + ")");
            }
        }
    }
}
