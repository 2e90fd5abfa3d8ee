package dev.lvlmserve.eval.ablation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.lvlmserve.bench.scene.SceneRenderer;
import dev.lvlmserve.bench.suite.Sample;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.recipe.DeltaMode;
import dev.lvlmserve.pruning.apply.PruneResult;
import dev.lvlmserve.pruning.plan.PruneOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The speed part of the ablation, every number from one probe in one run: a layer variant (Short-LVLM) and a width
 * variant (width-taylor) at each ratio against the base, and Short-LVLM's deltas factored against materialized.
 * The machine is shared, so a variant and the base are timed in alternation, pass by pass, and each keeps its best
 * pass: the speedup compares runs made within seconds of each other.
 */
final class SpeedRuns {
    private static final int PASSES = 3;

    private final LlavaPipeline pipeline;
    private final Ablation ablation;
    private final AblationConfig config;
    private final PrintStream log;
    private final SpeedProbe probe;

    SpeedRuns(LlavaPipeline pipeline, Ablation ablation, AblationConfig config, PrintStream log) {
        this.pipeline = pipeline;
        this.ablation = ablation;
        this.config = config;
        this.log = log;
        this.probe = new SpeedProbe(pipeline, Suites.all(), config.speedSamples(), config.batchSize(),
                config.speedNewTokens());
    }

    List<SpeedRow> families() {
        LlavaModel base = pipeline.model();
        probe.samplesPerSecond(pipeline, base, 1); // warm-up
        List<SpeedRow> rows = new ArrayList<>();
        rows.add(new SpeedRow("base", "base", 0, base.languageModel().layers().size(), 0,
                probe.samplesPerSecond(pipeline, base, PASSES), 1, 1, 0));
        for (double ratio : config.ratios()) {
            for (String[] fm : new String[][] {{"layer", "short-lvlm"}, {"width", "width-taylor"}}) {
                try (PruneResult r = ablation.prune(ratio, fm[1], config.calibrationSize(), PruneOptions.DEFAULT)) {
                    double[] rates = alternating(r.variant());
                    rows.add(new SpeedRow(fm[0], fm[1], ratio, r.variant().languageModel().layers().size(),
                            r.report().parameters().decoderRemovedFraction(), rates[1], rates[1] / rates[0],
                            probe.idealSpeedup(base, r.variant()), r.variant().ownedBytes()));
                    log.printf("speed %-12s %.2f: %.1f samples/s, speedup %.3f (ideal %.3f)%n", fm[1], ratio, rates[1],
                            rows.getLast().speedup(), rows.getLast().idealSpeedup());
                }
            }
        }
        return rows;
    }

    /** {base, variant} samples/s, each the best of {@link #PASSES} passes timed in alternation. */
    private double[] alternating(LlavaModel variant) {
        double base = 0;
        double other = 0;
        for (int i = 0; i < PASSES; i++) {
            base = Math.max(base, probe.samplesPerSecond(pipeline, pipeline.model(), 1));
            other = Math.max(other, probe.samplesPerSecond(pipeline, variant, 1));
        }
        return new double[] {base, other};
    }

    /** Short-LVLM at {@code ratio} with its deltas factored and materialized: speed, owned bytes, agreement. */
    List<DeltaRow> deltaModes(double ratio) {
        long baseBytes = pipeline.model().totalBytes();
        try (PruneResult f = ablation.prune(ratio, "short-lvlm", config.calibrationSize(), PruneOptions.DEFAULT
                .withDeltaMode(DeltaMode.FACTORED));
                PruneResult m = ablation.prune(ratio, "short-lvlm", config.calibrationSize(), PruneOptions.DEFAULT
                        .withDeltaMode(DeltaMode.MATERIALIZED))) {
            float[] a = logits(m.variant());
            float[] b = logits(f.variant());
            double diff = 0;
            for (int i = 0; i < a.length; i++) {
                diff = Math.max(diff, Math.abs(a[i] - b[i]));
            }
            List<DeltaRow> rows = new ArrayList<>();
            double[] fm = new double[2];
            for (int i = 0; i < PASSES; i++) { // alternating, as above
                fm[0] = Math.max(fm[0], probe.samplesPerSecond(pipeline, f.variant(), 1));
                fm[1] = Math.max(fm[1], probe.samplesPerSecond(pipeline, m.variant(), 1));
            }
            for (PruneResult r : List.of(f, m)) {
                double rate = r == f ? fm[0] : fm[1];
                long owned = r.variant().ownedBytes();
                rows.add(new DeltaRow(r.recipe().deltaMode().jsonName(), ratio, rate, owned,
                        100.0 * owned / baseBytes, r == m ? 0 : diff));
                log.printf("deltas %s: %.1f samples/s, owns %,d bytes (%.3f %% of the base)%n",
                        rows.getLast().mode(), rate, owned, rows.getLast().ownedPercentOfBase());
            }
            return rows;
        }
    }

    /** Logits at every position of the first TEST sample of the first suite, with its image. */
    private float[] logits(LlavaModel model) {
        Sample s = Suites.all().getFirst().sample(Split.TEST, 0);
        long[] ids = pipeline.promptIds(s.question(), true);
        float[] features = pipeline.imageFeatures(List.of(pipeline.pixelValues(SceneRenderer.render(s.scene()))))[0];
        try (NDManager m = model.manager().newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            long d = model.config().textConfig().hiddenSize();
            NDArray feats = m.create(features, new ai.djl.ndarray.types.Shape(1, features.length / d, d));
            long[][] attention = {new long[ids.length]};
            Arrays.fill(attention[0], 1L);
            NDArray h = model.languageModel().forward(model.inputsEmbeds(new long[][] {ids}, feats, m), attention,
                    null, ForwardObserver.NONE);
            return model.logits(h).toType(DataType.FLOAT32, false).toFloatArray();
        }
    }
}
