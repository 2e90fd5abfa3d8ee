package dev.lvlmserve.recovery;

import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.eval.calibration.BenchmarkCalibrationSource;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.recipe.DeltaMode;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.ProgressListener;
import dev.lvlmserve.pruning.apply.PruneResult;
import dev.lvlmserve.pruning.apply.PruningEngine;
import dev.lvlmserve.pruning.plan.PruneOptions;
import dev.lvlmserve.pruning.plan.PruneRequest;
import dev.lvlmserve.pruning.plan.PruningMethod;
import dev.lvlmserve.serving.ServingFixtures;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The tiny random fixture checkpoint (4 decoder layers, the benchmark's vocabulary, so the built-in data works) and
 * pruned variants of it: Short-LVLM with factored SCP deltas, and a width cut that narrows every layer.
 */
final class RecoveryFixtures {
    private RecoveryFixtures() {}

    static LlavaPipeline base() {
        return LlavaPipeline.load(ServingFixtures.tinyModel(), null);
    }

    /** Short-LVLM removing one of the 4 layers, its retained neighbour edited by a factored SCP delta. */
    static PruneResult shortLvlm(LlavaPipeline base) {
        return prune(base, PruningMethod.SHORT_LVLM, 0.25, PruneOptions.DEFAULT.withRank(2));
    }

    /** width-random at 30 %: every layer narrowed (heads and neurons). */
    static PruneResult width(LlavaPipeline base) {
        return prune(base, PruningMethod.WIDTH_RANDOM, 0.3, PruneOptions.DEFAULT);
    }

    static PruneResult prune(LlavaPipeline base, PruningMethod method, double ratio, PruneOptions options) {
        PruneRequest request = new PruneRequest(method, ratio, 8, 0, "fixture",
                options.withDeltaMode(DeltaMode.FACTORED), null);
        return new PruningEngine().prune(base.model(), new BenchmarkCalibrationSource(base, Suites.all()), request,
                ProgressListener.NONE, Cancellation.NEVER);
    }

    /** A few steps of a small batch, no suite scoring (fast). */
    static RecoveryOptions quick(RecoveryRegime regime, String loss, int steps) {
        return RecoveryOptions.fromJson("{\"regime\":\"" + regime.jsonName() + "\",\"loss\":\"" + loss
                + "\",\"steps\":" + steps + ",\"batch_size\":4,\"lora_rank\":4,\"validation_examples\":4,"
                + "\"validation_samples\":0,\"validate_every\":0,\"learning_rate\":0.005,\"warmup_ratio\":0}");
    }

    static RecoveryData data(LlavaPipeline base, double fraction) {
        return new BuiltinRecoveryData(base, null, fraction, 3);
    }

    /** Each retained layer id mapped to itself (a derived variant keeps the base's ids). */
    static Map<Integer, Integer> identity(List<Integer> layers) {
        return layers.stream().collect(java.util.stream.Collectors.toMap(Function.identity(), Function.identity()));
    }

    static RecoveryRun recover(LlavaPipeline base, PruneResult pruned, RecoveryOptions o) {
        return new RecoveryEngine().recover(base, pruned.variant(),
                identity(pruned.variant().languageModel().layerIds()), data(base, 0.001), o, RecoveryProgress.NONE,
                Cancellation.NEVER);
    }
}
