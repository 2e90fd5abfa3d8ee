package dev.lvlmserve.recovery;

import ai.djl.pytorch.jni.JniUtils;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.eval.SuiteEvaluator;
import dev.lvlmserve.model.Autograd;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.model.recipe.VariantRecipe;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.train.CosineSchedule;
import dev.lvlmserve.train.GradientStep;
import dev.lvlmserve.train.TrainingExample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A recovery end to end: the student over the pruned variant ({@link Student}), AdamW with linear warm-up and cosine
 * decay to zero over the planned steps, batches drawn epoch by epoch from the data fraction in a seeded order,
 * validation on held-out data as it goes, a time budget, cancellation before every step. It writes nothing to disk
 * and, cancelled or failed, closes everything it allocated; the {@link RecoveryRun} it returns holds the trained
 * tensors until the caller has turned them into a recipe or a checkpoint. Single-threaded: run it on one worker
 * thread (it sets that thread's gradient mode).
 */
public final class RecoveryEngine {
    /** Steps timed before a time budget without a step count fixes the schedule's length. */
    private static final int TIMING_STEPS = 5;

    /**
     * @param teacher the base, as a pipeline (its tokenizer and processor serve the student too)
     * @param variant the pruned variant (derived from the base, or a loaded export of it)
     * @param studentLayerOf base layer id → the variant's id for it, for the options' {@code hidden_layers}
     */
    public RecoveryRun recover(LlavaPipeline teacher, LlavaModel variant, Map<Integer, Integer> studentLayerOf,
            RecoveryData data, RecoveryOptions o, RecoveryProgress progress, BooleanSupplier cancelled) {
        for (int layer : o.hiddenLayers()) {
            if (!studentLayerOf.containsKey(layer) || !teacher.model().languageModel().layerIds().contains(layer)) {
                throw new InvalidRecoveryRequest("hidden_layers", "layer " + layer + " is not a layer both the base "
                        + "and the variant run");
            }
        }
        try {
            Autograd.requireFloat32(variant, "recovery");
        } catch (IllegalArgumentException e) { // a float16 server: refused with the request's field, not a 500
            throw new InvalidRecoveryRequest("regime", e.getMessage());
        }
        JniUtils.setGradMode(false); // validation and the optimizer record nothing; each step turns it on for itself
        long started = System.nanoTime();
        Student student = Student.of(variant, o);
        boolean handedOver = false;
        try (RecoveryTrainer trainer = new RecoveryTrainer(teacher.model(), student, o,
                teacher.tokenizer().padId(), studentLayerOf)) {
            Loop loop = new Loop(teacher, student, trainer, data, o, progress, cancelled);
            loop.run();
            student.freeze();
            RecoveryRecord record = new RecoveryRecord(o, data.describe(), loop.total, loop.done, loop.stoppedBy,
                    (long) loop.done * o.batchSize(), student.trainableParameters(), loop.curve, loop.validation,
                    (System.nanoTime() - started) / 1e9, loop.secondsPerStep());
            handedOver = true;
            return new RecoveryRun(student, record);
        } finally {
            if (!handedOver) {
                student.close();
            }
        }
    }

    /**
     * Recovers a variant derived from {@code teacher}'s model by {@code recipe} and returns the recovered recipe and
     * its tensors ({@link RecoveryRun#toRecipe}); the trained student is closed before this returns.
     */
    public RecoveryRun.Recovered recoverRecipe(LlavaPipeline teacher, LlavaModel variant, VariantRecipe recipe,
            RecipeTensors tensors, RecoveryData data, RecoveryOptions o, RecoveryProgress progress,
            BooleanSupplier cancelled) {
        Map<Integer, Integer> same = new LinkedHashMap<>();
        variant.languageModel().layerIds().forEach(id -> same.put(id, id));
        try (RecoveryRun run = recover(teacher, variant, same, data, o, progress, cancelled)) {
            return run.toRecipe(teacher.model(), recipe, tensors);
        }
    }

    /** The training loop's state: steps planned and done, the curves, the time budget. */
    private static final class Loop {
        private final LlavaPipeline teacher;
        private final Student student;
        private final RecoveryTrainer trainer;
        private final RecoveryData data;
        private final RecoveryOptions o;
        private final RecoveryProgress progress;
        private final BooleanSupplier cancelled;
        private final List<TrainingExample> heldOut;
        private final List<Map<String, Double>> curve = new ArrayList<>();
        private final List<Map<String, Double>> validation = new ArrayList<>();
        private final BatchOrder order;
        private int total;
        private int done;
        private String stoppedBy = "steps";
        private long loopStarted;

        Loop(LlavaPipeline teacher, Student student, RecoveryTrainer trainer, RecoveryData data, RecoveryOptions o,
                RecoveryProgress progress, BooleanSupplier cancelled) {
            this.teacher = teacher;
            this.student = student;
            this.trainer = trainer;
            this.data = data;
            this.o = o;
            this.progress = progress;
            this.cancelled = cancelled;
            this.heldOut = data.heldOut(o.validationExamples());
            this.order = new BatchOrder(data.size(), o.batchSize(), o.seed());
            int epoch = (data.size() + o.batchSize() - 1) / o.batchSize();
            this.total = o.steps() != null ? o.steps() : epoch;
        }

        void run() {
            int every = o.validateEvery() != null ? o.validateEvery() : Math.max(1, total / 4);
            validate(0);
            loopStarted = System.nanoTime();
            Window window = new Window();
            int logEvery = Math.max(1, total / 50);
            CosineSchedule schedule = schedule();
            while (done < total) {
                Cancellation.check(cancelled, "recover");
                if (overBudget()) {
                    stoppedBy = "time_budget";
                    break;
                }
                double lr = schedule.at(done);
                GradientStep.Outcome r = trainer.step(order.next(data), lr);
                if (!Double.isFinite(r.loss())) {
                    throw new IllegalStateException("the recovery loss is " + r.loss() + " at step " + (done + 1)
                            + " (learning rate " + lr + ")");
                }
                done++;
                window.add(r);
                if (done == TIMING_STEPS && o.steps() == null && o.timeBudgetSeconds() != null) {
                    total = Math.max(done, Math.min(total, (int) (o.timeBudgetSeconds() / secondsPerStep())));
                    schedule = schedule();
                }
                if (done % logEvery == 0 || done == total) {
                    curve.add(window.flush(done, lr));
                }
                progress.onStep(new RecoveryProgress.Status(done, total, r.loss(), eta(), 1 / secondsPerStep()));
                if (every > 0 && done % every == 0 && done < total) {
                    validate(done);
                }
            }
            if (!window.isEmpty()) {
                curve.add(window.flush(done, schedule.at(Math.max(0, done - 1))));
            }
            validate(done);
        }

        private CosineSchedule schedule() {
            return new CosineSchedule(o.learningRate(), (int) Math.round(o.warmupRatio() * total), total, 0.0);
        }

        private boolean overBudget() {
            return o.timeBudgetSeconds() != null && done > 0
                    && (System.nanoTime() - loopStarted) / 1e9 + secondsPerStep() > o.timeBudgetSeconds();
        }

        double secondsPerStep() {
            return done == 0 ? Double.NaN : (System.nanoTime() - loopStarted) / 1e9 / done;
        }

        private double eta() {
            double left = (total - done) * secondsPerStep();
            if (o.timeBudgetSeconds() != null) {
                left = Math.min(left, o.timeBudgetSeconds() - (System.nanoTime() - loopStarted) / 1e9);
            }
            return Math.max(0, left);
        }

        /** Held-out loss parts and, for the built-in data, the VALIDATION suites' average. */
        private void validate(int step) {
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("step", (double) step);
            if (!heldOut.isEmpty()) {
                Map<String, Double> sum = new LinkedHashMap<>();
                for (int i = 0; i < heldOut.size(); i += o.batchSize()) {
                    Cancellation.check(cancelled, "recover");
                    List<TrainingExample> batch = heldOut.subList(i, Math.min(heldOut.size(), i + o.batchSize()));
                    double weight = batch.size() / (double) heldOut.size();
                    trainer.evaluate(batch).forEach((k, x) -> sum.merge(k, x * weight, Double::sum));
                }
                v.putAll(sum);
            }
            if (data.scoresBuiltinSuites() && o.validationSamples() > 0) {
                LlavaPipeline p = teacher.withModel(student.model()); // the student owns nothing: no close needed
                v.put("average", SuiteEvaluator.average(new SuiteEvaluator(16).evaluateAll(p, Suites.all(),
                        Split.VALIDATION, o.validationSamples())));
            }
            validation.add(v);
            progress.onValidation(step, v);
        }
    }

    /** Means of the loss and its parts over the steps since the last flush. */
    private static final class Window {
        private final Map<String, Double> sums = new LinkedHashMap<>();
        private int steps;

        void add(GradientStep.Outcome r) {
            sums.merge("loss", r.loss(), Double::sum);
            r.parts().forEach((k, v) -> sums.merge(k, v, Double::sum));
            sums.merge("grad_norm", r.gradNorm(), Double::sum);
            steps++;
        }

        boolean isEmpty() {
            return steps == 0;
        }

        Map<String, Double> flush(int step, double lr) {
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("step", (double) step);
            sums.forEach((k, v) -> out.put(k, v / steps));
            out.put("lr", lr);
            sums.clear();
            steps = 0;
            return out;
        }
    }
}
