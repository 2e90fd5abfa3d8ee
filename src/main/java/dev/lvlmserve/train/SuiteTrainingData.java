package dev.lvlmserve.train;

import dev.lvlmserve.bench.scene.ObjectType;
import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneGenerator;
import dev.lvlmserve.bench.scene.SceneRenderer;
import dev.lvlmserve.bench.suite.Captions;
import dev.lvlmserve.bench.suite.ChoiceDrill;
import dev.lvlmserve.bench.suite.Locate;
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
    private final double locateFraction;
    private final double choiceDrillFraction;
    private final boolean subjectsFromQuestions;
    private final OptionLines optionLines;

    /** Each example is a caption, a locate query or a suite sample, with these probabilities (the rest: suites). */
    public SuiteTrainingData(List<BenchmarkSuite> suites, LlavaPipeline pipeline, long seed, double captionFraction,
            double locateFraction) {
        this(suites, pipeline, seed, captionFraction, locateFraction, 0, false);
    }

    /**
     * @param choiceDrillFraction the share of {@link ChoiceDrill} multiple-choice drills (taken after captions and
     *     locate queries)
     * @param subjectsFromQuestions whether suite samples name their subject by the type their question names
     *     ({@link Locate#namedType}); otherwise only POPE's probed object counts (stages 1–5)
     */
    public SuiteTrainingData(List<BenchmarkSuite> suites, LlavaPipeline pipeline, long seed, double captionFraction,
            double locateFraction, double choiceDrillFraction, boolean subjectsFromQuestions) {
        this.suites = List.copyOf(suites);
        this.pipeline = pipeline;
        this.seed = seed;
        this.captionFraction = captionFraction;
        this.locateFraction = locateFraction;
        this.choiceDrillFraction = choiceDrillFraction;
        this.subjectsFromQuestions = subjectsFromQuestions;
        this.optionLines = OptionLines.of(pipeline.tokenizer());
    }

    public List<TrainingExample> batch(int step, int size) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + step);
        List<TrainingExample> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            double task = r.nextDouble();
            if (task < captionFraction) {
                out.add(caption(r.nextLong()));
                continue;
            }
            if (task < captionFraction + locateFraction) {
                out.add(locate(r.nextLong()));
                continue;
            }
            if (task < captionFraction + locateFraction + choiceDrillFraction) {
                out.add(drill(r.nextLong()));
                continue;
            }
            BenchmarkSuite suite = suites.get(r.nextInt(suites.size()));
            out.add(example(suite.sample(Split.TRAIN, r.nextInt(POOL))));
        }
        return out;
    }

    /** A caption example on a TRAIN-split scene. */
    private TrainingExample caption(long sceneSeed) {
        Scene scene = trainScene(sceneSeed);
        return example(scene, Captions.PROMPT, Captions.caption(scene), null, -1);
    }

    /** A "Where is the red circle?" example on a TRAIN-split scene. */
    private TrainingExample locate(long sceneSeed) {
        Scene scene = trainScene(sceneSeed);
        Locate.Query q = Locate.ask(scene, new SplittableRandom(sceneSeed));
        return example(scene, q.question(), q.answer(), q.type(), -1);
    }

    /** A {@link ChoiceDrill} multiple-choice example on a TRAIN-split scene. */
    private TrainingExample drill(long sceneSeed) {
        Scene scene = trainScene(sceneSeed);
        ChoiceDrill.Query q = ChoiceDrill.ask(scene, new SplittableRandom(sceneSeed));
        return example(scene, q.prompt(), q.answer(), q.type(), q.answer().charAt(0) - 'A');
    }

    /** The first TRAIN-split scene of this seed's stream (scenes of other splits are skipped, never trained on). */
    private static Scene trainScene(long sceneSeed) {
        SceneGenerator generator = new SceneGenerator(sceneSeed);
        Scene scene = generator.next();
        while (Split.of(scene) != Split.TRAIN) {
            scene = generator.next();
        }
        return scene;
    }

    /**
     * @param subject the type the question asks about, or null
     * @param answerIndex the right option of a multiple-choice prompt, or −1
     */
    private TrainingExample example(Scene scene, String prompt, String answer, ObjectType subject, int answerIndex) {
        float[] pixels = pipeline.pixelValues(SceneRenderer.render(scene));
        long[] ids = pipeline.promptIds(prompt, true);
        return new TrainingExample(ids, pipeline.targetIds(answer), pixels, labels(scene),
                subject == null ? null : new TrainingExample.Subject(CellLabels.colourClass(subject.colour()),
                        CellLabels.shapeClass(subject.shape()), subjectPosition(ids, subject)),
                answerIndex < 0 ? null : withCell(optionLines.find(ids, answerIndex), ids));
    }

    /** Adds the image positions of the cell the right option names, if it names one. */
    private TrainingExample.Options withCell(TrainingExample.Options o, long[] ids) {
        long[] words = java.util.Arrays.copyOfRange(ids, o.answerLetter() + 2, o.answerLastWord() + 1);
        return Locate.cell(pipeline.tokenizer().decode(words, true)).map(cell -> new TrainingExample.Options(
                o.letterPositions(), o.lastWordPositions(), o.answerIndex(), CellLabels.patchesOf(cell[0], cell[1],
                        pipeline.model().config().visionConfig().patchesPerSide()))).orElse(o);
    }

    /**
     * Where the subject's shape word is: its last occurrence when only POPE names subjects (a POPE question names it
     * once; kept so stages 1–5 replay exactly), else the first shape word right after the colour word.
     */
    private int subjectPosition(long[] ids, ObjectType subject) {
        long colour = pipeline.tokenizer().tokenId(subject.colour().word()).orElse(Long.MIN_VALUE);
        long shape = pipeline.tokenizer().tokenId(subject.shape().word()).orElse(Long.MIN_VALUE);
        if (!subjectsFromQuestions) {
            for (int j = ids.length - 1; j >= 0; j--) {
                if (ids[j] == shape) {
                    return j;
                }
            }
            return -1;
        }
        for (int j = 1; j < ids.length; j++) {
            if (ids[j - 1] == colour && ids[j] == shape) {
                return j;
            }
        }
        return -1;
    }

    public TrainingExample example(Sample s) {
        ObjectType subject = (subjectsFromQuestions ? Locate.namedType(s) : Locate.askedType(s)).orElse(null);
        int answerIndex = s.isMultipleChoice() ? s.answer().charAt(0) - 'A' : -1;
        return example(s.scene(), s.question(), s.answer(), subject, answerIndex);
    }

    private int[] labels(Scene scene) {
        return CellLabels.of(scene, pipeline.model().config().visionConfig().patchesPerSide());
    }
}
