package dev.lvlmserve.recovery;

import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.train.SuiteTrainingData;
import dev.lvlmserve.train.TrainConfig;
import dev.lvlmserve.train.TrainingExample;
import java.util.ArrayList;
import java.util.List;

/**
 * A fraction of the built-in benchmark's TRAIN split, in the batch mix the base was trained on. For a base with a
 * {@link TrainingRecord} the fraction is of the examples it records (the default model: 544,000 over its eleven
 * stages), otherwise of the TRAIN split's pool (7 suites × 20,000 samples). Example i is the one example of the
 * training stream seeded by (seed, i): reproducible from the seed, the same at every fraction, and — because every
 * scene comes from the TRAIN split — never a VALIDATION or TEST scene.
 */
public final class BuiltinRecoveryData implements RecoveryData {
    private final SuiteTrainingData data;
    private final List<BenchmarkSuite> suites;
    private final Description description;

    /** The fraction for the base checkpoint in {@code baseDir}, from its {@link TrainingRecord} if it has one. */
    public static BuiltinRecoveryData forBase(LlavaPipeline pipeline, java.nio.file.Path baseDir, double fraction,
            long seed) {
        return new BuiltinRecoveryData(pipeline, TrainingRecord.of(baseDir).orElse(null), fraction, seed);
    }

    /** @param record the base's training record, or null */
    public BuiltinRecoveryData(LlavaPipeline pipeline, TrainingRecord record, double fraction, long seed) {
        this.suites = record == null ? Suites.all()
                : record.lastConfig().suites().stream().map(Suites::byName).toList();
        long denominator = record == null ? (long) suites.size() * Split.TRAIN.defaultCount() : record.examples();
        String source = record == null ? "the TRAIN split's pool (" + suites.size() + " suites × "
                + Split.TRAIN.defaultCount() + ")" : "TRAINING.json (" + record.stages() + " stages)";
        int n = RecoveryData.count(fraction, denominator, "training examples");
        TrainConfig c = record == null ? null : record.lastConfig();
        this.data = c == null
                ? new SuiteTrainingData(suites, pipeline, seed, 0, 0, 0, SuiteTrainingData.Subjects.POPE)
                : new SuiteTrainingData(suites, pipeline, seed, c.captionFraction(), c.locateFraction(),
                        c.choiceDrillFraction(), c.subjects());
        this.description = new Description("builtin", fraction, denominator, source, n, seed);
    }

    @Override
    public int size() {
        return description.examples();
    }

    @Override
    public TrainingExample example(int i) {
        return drawn(i).example();
    }

    /** The TRAIN-split scene example {@code i} shows. */
    public Scene scene(int i) {
        return drawn(i).scene();
    }

    private SuiteTrainingData.Drawn drawn(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("example " + i + " of " + size());
        }
        return data.draw(i, 1).getFirst();
    }

    /** VALIDATION-split samples of every suite in turn. */
    @Override
    public List<TrainingExample> heldOut(int n) {
        List<TrainingExample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(data.example(suites.get(i % suites.size()).sample(Split.VALIDATION, i / suites.size())));
        }
        return out;
    }

    @Override
    public boolean scoresBuiltinSuites() {
        return true;
    }

    @Override
    public Description describe() {
        return description;
    }
}
