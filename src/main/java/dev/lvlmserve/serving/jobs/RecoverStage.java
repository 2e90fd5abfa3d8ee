package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.recovery.BuiltinRecoveryData;
import dev.lvlmserve.recovery.InvalidRecoveryRequest;
import dev.lvlmserve.recovery.RecoveryEngine;
import dev.lvlmserve.recovery.RecoveryOptions;
import dev.lvlmserve.recovery.RecoveryProgress;
import dev.lvlmserve.recovery.RecoveryRun;
import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.metrics.JobMetrics;
import java.nio.file.Path;
import java.util.Map;

/**
 * A job's {@code recover} stage: the pruned variant is trained against its base on a seeded fraction of the built-in
 * TRAIN split (sized by the base's TRAINING.json when it has one), and becomes the recovered variant — its recipe
 * with the adapters as LoRA deltas, derived afresh from the base. The base keeps serving meanwhile: the engine
 * trains only tensors it creates, and the teacher forward passes read the base without gradients. The pruned
 * variant stays the caller's to close.
 */
final class RecoverStage {
    private final JobMetrics metrics;

    RecoverStage(JobMetrics metrics) {
        this.metrics = metrics;
    }

    BuiltVariant run(LlavaPipeline base, Path baseDir, BuiltVariant pruned, RecoveryOptions o, PruneJob job,
            ProgressSink sink) {
        String regime = o.regime().jsonName();
        Progress progress = new Progress(job, sink, regime, o.loss().name());
        job.recovery(new RecoveryView(regime, o.loss().name(), 0, 0, null, null, null, null));
        long t0 = System.nanoTime();
        String outcome = "failed";
        try {
            BuiltinRecoveryData data = BuiltinRecoveryData.forBase(base, baseDir, o.dataFraction(), o.seed());
            RecoveryRun.Recovered r = new RecoveryEngine().recoverRecipe(base, pruned.model(), pruned.recipe(),
                    pruned.tensors(), data, o, progress, job::cancelRequested);
            LlavaModel model;
            try {
                model = base.model().derive(r.recipe(), r.tensors());
            } catch (RuntimeException e) {
                r.tensors().close();
                throw e;
            }
            outcome = "succeeded";
            return new BuiltVariant(model, r.recipe(), r.tensors());
        } catch (InvalidRecoveryRequest e) { // e.g. hidden_layers naming a layer the pruned variant removed
            throw ServingException.unprocessable("invalid_recovery", e.getMessage(), "recovery." + e.field());
        } catch (java.util.concurrent.CancellationException e) {
            outcome = "cancelled";
            throw e;
        } finally {
            metrics.recoveryFinished(regime, outcome, java.time.Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** Each step onto the job's view, its overall progress and the metrics. */
    private final class Progress implements RecoveryProgress {
        private final PruneJob job;
        private final ProgressSink sink;
        private final String regime;
        private final String loss;
        private Map<String, Double> validation;
        private Status last;

        Progress(PruneJob job, ProgressSink sink, String regime, String loss) {
            this.job = job;
            this.sink = sink;
            this.regime = regime;
            this.loss = loss;
        }

        @Override
        public void onStep(Status s) {
            last = s;
            publish();
            sink.progress(s.total() == 0 ? 1 : (double) s.step() / s.total());
            metrics.recoveryStep(regime, s.loss(), s.stepsPerSecond());
        }

        @Override
        public void onValidation(int step, Map<String, Double> values) {
            validation = Map.copyOf(values);
            publish();
        }

        private void publish() {
            job.recovery(last == null ? new RecoveryView(regime, loss, 0, 0, null, null, null, validation)
                    : new RecoveryView(regime, loss, last.step(), last.total(), finite(last.loss()),
                            finite(Math.round(last.etaSeconds() * 10) / 10.0), finite(last.stepsPerSecond()),
                            validation));
        }

        private static Double finite(double v) {
            return Double.isFinite(v) ? v : null;
        }
    }
}
