package dev.lvlmserve.train;

import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneGenerator;
import dev.lvlmserve.bench.scene.SceneRenderer;
import dev.lvlmserve.bench.suite.Captions;
import dev.lvlmserve.train.questions.ChoiceDrill;
import dev.lvlmserve.train.questions.Locate;
import dev.lvlmserve.train.questions.QuestionSubject;
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
    private final Subjects subjects;
    private final OptionLines optionLines;

    /** Which suite questions supply the subject that heads and probes are supervised on. */
    public enum Subjects {
        /** Only POPE's probed object (stages 1–5). */
        POPE,
        /** Every question that names a type in full ({@link QuestionSubject#fullType}; stages 6–10 and 12). */
        FULL_TYPES,
        /**
         * Every question that names an object at all: by type, place or one attribute ({@link QuestionSubject}; the
         * stage-11 experiment, not in the committed model's chain).
         */
        ANY_NAME
    }

    /** Each example is a caption, a locate query or a suite sample, with these probabilities (the rest: suites). */
    public SuiteTrainingData(List<BenchmarkSuite> suites, LlavaPipeline pipeline, long seed, double captionFraction,
            double locateFraction) {
        this(suites, pipeline, seed, captionFraction, locateFraction, 0, Subjects.POPE);
    }

    /**
     * @param choiceDrillFraction the share of {@link ChoiceDrill} multiple-choice drills (taken after captions and
     *     locate queries)
     */
    public SuiteTrainingData(List<BenchmarkSuite> suites, LlavaPipeline pipeline, long seed, double captionFraction,
            double locateFraction, double choiceDrillFraction, Subjects subjects) {
        this.suites = List.copyOf(suites);
        this.pipeline = pipeline;
        this.seed = seed;
        this.captionFraction = captionFraction;
        this.locateFraction = locateFraction;
        this.choiceDrillFraction = choiceDrillFraction;
        this.subjects = subjects;
        this.optionLines = OptionLines.of(pipeline.tokenizer());
    }

    public List<TrainingExample> batch(int step, int size) {
        return draw(step, size).stream().map(Drawn::example).toList();
    }

    /** A training example and the TRAIN-split scene it shows. */
    public record Drawn(Scene scene, TrainingExample example) {}

    /** The examples of {@link #batch} with their scenes (to check what a run trains on). */
    public List<Drawn> draw(int step, int size) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + step);
        List<Drawn> out = new ArrayList<>(size);
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
            Sample sample = suite.sample(Split.TRAIN, r.nextInt(POOL));
            out.add(new Drawn(sample.scene(), example(sample)));
        }
        return out;
    }

    /** A caption example on a TRAIN-split scene. */
    private Drawn caption(long sceneSeed) {
        Scene scene = trainScene(sceneSeed);
        return new Drawn(scene, example(scene, Captions.PROMPT, Captions.caption(scene), null, -1));
    }

    /** A "Where is the red circle?" example on a TRAIN-split scene. */
    private Drawn locate(long sceneSeed) {
        Scene scene = trainScene(sceneSeed);
        Locate.Query q = Locate.ask(scene, new SplittableRandom(sceneSeed));
        return new Drawn(scene, example(scene, q.question(), q.answer(), QuestionSubject.of(q.type()), -1));
    }

    /** A {@link ChoiceDrill} multiple-choice example on a TRAIN-split scene. */
    private Drawn drill(long sceneSeed) {
        Scene scene = trainScene(sceneSeed);
        ChoiceDrill.Query q = ChoiceDrill.ask(scene, new SplittableRandom(sceneSeed));
        return new Drawn(scene, example(scene, q.prompt(), q.answer(), QuestionSubject.of(q.type()),
                q.answer().charAt(0) - 'A'));
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
     * @param subject what the question asks about, or null
     * @param answerIndex the right option of a multiple-choice prompt, or −1
     */
    private TrainingExample example(
            Scene scene, String prompt, String answer, QuestionSubject subject, int answerIndex) {
        float[] pixels = pipeline.pixelValues(SceneRenderer.render(scene));
        long[] ids = pipeline.promptIds(prompt, true);
        return new TrainingExample(ids, pipeline.targetIds(answer), pixels, labels(scene),
                subject == null ? null : subject(subject, ids),
                answerIndex < 0 ? null : withCell(optionLines.find(ids, answerIndex), ids));
    }

    private TrainingExample.Subject subject(QuestionSubject s, long[] ids) {
        int perSide = pipeline.model().config().visionConfig().patchesPerSide();
        return new TrainingExample.Subject(
                s.colour() == null ? TrainingExample.Subject.UNNAMED : CellLabels.colourClass(s.colour()),
                s.shape() == null ? TrainingExample.Subject.UNNAMED : CellLabels.shapeClass(s.shape()),
                subjects == Subjects.POPE ? lastOccurrence(ids, s.words().getLast()) : firstRun(ids, s.words()),
                s.cell() == null ? new int[0] : CellLabels.patchesOf(s.cell()[0], s.cell()[1], perSide));
    }

    /** Adds the image positions of the cell the right option names, if it names one. */
    private TrainingExample.Options withCell(TrainingExample.Options o, long[] ids) {
        long[] words = java.util.Arrays.copyOfRange(ids, o.answerLetter() + 2, o.answerLastWord() + 1);
        return QuestionSubject.cell(pipeline.tokenizer().decode(words, true)).map(cell -> new TrainingExample.Options(
                o.letterPositions(), o.lastWordPositions(), o.answerIndex(), CellLabels.patchesOf(cell[0], cell[1],
                        pipeline.model().config().visionConfig().patchesPerSide()))).orElse(o);
    }

    /** The last position of a word, or −1: where a POPE question names its shape (kept so stages 1–5 replay). */
    private int lastOccurrence(long[] ids, String word) {
        long id = pipeline.tokenizer().tokenId(word).orElse(Long.MIN_VALUE);
        for (int j = ids.length - 1; j >= 0; j--) {
            if (ids[j] == id) {
                return j;
            }
        }
        return -1;
    }

    /** The position of the last word of the first run of {@code words} in the prompt, or −1. */
    private int firstRun(long[] ids, List<String> words) {
        long[] run = words.stream().mapToLong(w -> pipeline.tokenizer().tokenId(w).orElse(Long.MIN_VALUE)).toArray();
        for (int j = run.length - 1; j < ids.length; j++) {
            boolean all = true;
            for (int k = 0; k < run.length && all; k++) {
                all = ids[j - run.length + 1 + k] == run[k];
            }
            if (all) {
                return j;
            }
        }
        return -1;
    }

    public TrainingExample example(Sample s) {
        int answerIndex = s.isMultipleChoice() ? s.answer().charAt(0) - 'A' : -1;
        return switch (subjects) {
            case POPE -> example(s.scene(), s.question(), s.answer(),
                    QuestionSubject.popeType(s).map(QuestionSubject::of).orElse(null), answerIndex);
            case FULL_TYPES -> example(s.scene(), s.question(), s.answer(),
                    QuestionSubject.fullType(s).map(QuestionSubject::of).orElse(null), answerIndex);
            case ANY_NAME -> example(s.scene(), s.question(), s.answer(), QuestionSubject.of(s).orElse(null),
                    answerIndex);
        };
    }

    private int[] labels(Scene scene) {
        return CellLabels.of(scene, pipeline.model().config().visionConfig().patchesPerSide());
    }
}
