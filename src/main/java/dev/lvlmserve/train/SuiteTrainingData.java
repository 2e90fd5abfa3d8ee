package dev.lvlmserve.train;

import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneGenerator;
import dev.lvlmserve.bench.scene.SceneRenderer;
import dev.lvlmserve.bench.suite.Captions;
import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Sample;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.model.llava.LlavaPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training batches drawn from the built-in benchmark's TRAIN split: each step draws its own samples from a stream
 * seeded by (seed, step), mixing all suites evenly, so a run is reproducible and can resume at any step. Images are
 * rendered at the benchmark's size and go through the model's own preprocessing, exactly as at evaluation time.
 */
public final class SuiteTrainingData {
    private static final int POOL = Split.TRAIN.defaultCount();

    private final List<BenchmarkSuite> suites;
    private final LlavaPipeline pipeline;
    private final long seed;

    private final double captionFraction;

    public SuiteTrainingData(List<BenchmarkSuite> suites, LlavaPipeline pipeline, long seed, double captionFraction) {
        this.suites = List.copyOf(suites);
        this.pipeline = pipeline;
        this.seed = seed;
        this.captionFraction = captionFraction;
    }

    public List<TrainingExample> batch(int step, int size) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + step);
        List<TrainingExample> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            if (r.nextDouble() < captionFraction) {
                out.add(caption(r.nextLong()));
                continue;
            }
            BenchmarkSuite suite = suites.get(r.nextInt(suites.size()));
            out.add(example(suite.sample(Split.TRAIN, r.nextInt(POOL))));
        }
        return out;
    }

    /** A caption example on a TRAIN-split scene (scenes of other splits are skipped, never trained on). */
    private TrainingExample caption(long sceneSeed) {
        SceneGenerator generator = new SceneGenerator(sceneSeed);
        Scene scene = generator.next();
        while (Split.of(scene) != Split.TRAIN) {
            scene = generator.next();
        }
        float[] pixels = pipeline.pixelValues(SceneRenderer.render(scene));
        return new TrainingExample(pipeline.promptIds(Captions.PROMPT, true),
                pipeline.targetIds(Captions.caption(scene)), pixels, labels(scene));
    }

    public TrainingExample example(Sample s) {
        float[] pixels = pipeline.pixelValues(SceneRenderer.render(s.scene()));
        return new TrainingExample(pipeline.promptIds(s.question(), true), pipeline.targetIds(s.answer()), pixels,
                labels(s.scene()));
    }

    private int[] labels(Scene scene) {
        return CellLabels.of(scene, pipeline.model().config().visionConfig().patchesPerSide());
    }
}
