package dev.lvlmserve.eval.calibration;

import dev.lvlmserve.bench.scene.SceneRenderer;
import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Sample;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.pruning.calibration.CalibrationSample;
import dev.lvlmserve.pruning.calibration.CalibrationSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Calibration samples from the built-in benchmark's TRAIN split — never the splits the pruned model is evaluated on.
 * Like a LLaVA-665k conversation, each sample is the prompt followed by its answer, so the statistics see the
 * assistant's tokens as well.
 */
public final class BenchmarkCalibrationSource implements CalibrationSource {
    private final LlavaPipeline pipeline;
    private final List<BenchmarkSuite> suites;

    public BenchmarkCalibrationSource(LlavaPipeline pipeline, List<BenchmarkSuite> suites) {
        if (suites.isEmpty()) {
            throw new IllegalArgumentException("no suites to calibrate on");
        }
        this.pipeline = pipeline;
        this.suites = List.copyOf(suites);
    }

    @Override
    public List<CalibrationSample> draw(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<CalibrationSample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BenchmarkSuite suite = suites.get(r.nextInt(suites.size()));
            Sample s = suite.sample(Split.TRAIN, r.nextInt(Split.TRAIN.defaultCount()));
            out.add(Conversations.sample(pipeline, s.question(), s.answer(),
                    pipeline.pixelValues(SceneRenderer.render(s.scene())), s.id()));
        }
        return out;
    }

    @Override
    public String describe() {
        return "built-in benchmark TRAIN split (" + suites.size() + " suites)";
    }
}
