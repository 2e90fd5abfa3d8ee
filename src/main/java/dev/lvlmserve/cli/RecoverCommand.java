package dev.lvlmserve.cli;

import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.eval.calibration.BenchmarkCalibrationSource;
import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.model.io.SafeDType;
import dev.lvlmserve.model.llava.LlavaCheckpoint;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.recipe.VariantRecipe;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.apply.Exporter;
import dev.lvlmserve.pruning.apply.PruneResult;
import dev.lvlmserve.pruning.apply.PruningEngine;
import dev.lvlmserve.pruning.plan.ModelShape;
import dev.lvlmserve.pruning.plan.PruneOptions;
import dev.lvlmserve.pruning.plan.PruneRequest;
import dev.lvlmserve.pruning.plan.PruningMethod;
import dev.lvlmserve.recovery.BuiltinRecoveryData;
import dev.lvlmserve.recovery.JsonlRecoveryData;
import dev.lvlmserve.recovery.RecoveryData;
import dev.lvlmserve.recovery.RecoveryEngine;
import dev.lvlmserve.recovery.RecoveryOptions;
import dev.lvlmserve.recovery.RecoveryRecord;
import dev.lvlmserve.recovery.RecoveryRun;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "recover", mixinStandardHelpOptions = true,
        footer = {"", "Example: ./lvlm-serve recover --method short-lvlm --ratio 0.3 --regime lora --loss ce+hidden "
                + "--fraction 0.05 --steps 40 --out /tmp/recovered30"},
        description = "Recover a pruned variant (an exported one, or pruned here first) by training adapters, the "
                + "projector or copies of its layers against its base, and export the result.")
final class RecoverCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--variant", paramLabel = "DIR", required = true,
                description = "a checkpoint written by prune (its variant_recipe.json names the base's layers)")
        Path variant;

        @ArgGroup(exclusive = false)
        PruneFirst prune;
    }

    static final class PruneFirst {
        @Option(names = "--method", required = true, description = "prune first with this method (as prune)")
        String method;

        @Option(names = "--ratio", required = true, description = "as prune --ratio")
        double ratio;

        @Option(names = "--prune-options", paramLabel = "JSON", description = "as prune --options")
        String options;

        @Option(names = "--calibration-size", defaultValue = "128")
        int calibrationSize;
    }

    @Option(names = "--regime", defaultValue = "lora", description = "projector, lora or full")
    String regime;

    @Option(names = "--loss", defaultValue = "ce+hidden", description = "parts of ce, logit, hidden joined by +")
    String loss;

    @Option(names = "--fraction", defaultValue = "0.05", description = "fraction of the training data drawn")
    double fraction;

    @Option(names = "--data", defaultValue = "builtin",
            description = "'builtin' (the benchmark's TRAIN split, as the base was trained) or a LLaVA-style JSONL")
    String data;

    @Option(names = "--steps", description = "optimizer steps (default: one pass over the fraction)")
    Integer steps;

    @Option(names = "--time-budget", paramLabel = "SECONDS", description = "stop the training loop after this long")
    Double timeBudget;

    @Option(names = "--alpha", description = "weight of distillation against cross-entropy (default 0.5)")
    Double alpha;

    @Option(names = "--temperature", description = "logit distillation temperature (default 2)")
    Double temperature;

    @Option(names = "--lora-rank", description = "default 16")
    Integer loraRank;

    @Option(names = "--lora-alpha", description = "default 2 × rank")
    Double loraAlpha;

    @Option(names = "--targets", split = ",", description = "LoRA targets (default all: q_proj … down_proj)")
    List<String> targets;

    @Option(names = "--hidden-layers", split = ",", description = "base layer ids also matched to the teacher")
    List<Integer> hiddenLayers;

    @Option(names = "--batch-size", description = "default 16")
    Integer batchSize;

    @Option(names = "--lr", description = "peak learning rate (default: the regime's)")
    Double lr;

    @Option(names = "--validation-samples", description = "VALIDATION samples per suite at each validation")
    Integer validationSamples;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path baseDir = model.resolve();
        RecoveryOptions options = options();
        try (LlavaPipeline base = LlavaPipeline.load(baseDir, null);
                TrainingBar bar = new TrainingBar()) {
            RecoveryData recoveryData = recoveryData(base, baseDir);
            long t0 = System.nanoTime();
            if (source.variant != null) {
                recoverExport(base, baseDir, options, recoveryData, bar);
            } else {
                recoverPruned(base, baseDir, options, recoveryData, bar);
            }
            System.out.printf(Locale.ROOT, "done in %.1f s; wrote %s%n", (System.nanoTime() - t0) / 1e9, out);
        }
        return 0;
    }

    /** Prunes in memory, recovers, exports the recovered recipe's variant (as {@code prune --out} would). */
    private void recoverPruned(LlavaPipeline base, Path baseDir, RecoveryOptions options, RecoveryData recoveryData,
            TrainingBar bar) throws Exception {
        PruneRequest request;
        try {
            PruneOptions o = source.prune.options == null ? PruneOptions.DEFAULT
                    : Json.MAPPER.readValue(source.prune.options, PruneOptions.class);
            request = new PruneRequest(PruningMethod.parse(source.prune.method), source.prune.ratio,
                    source.prune.calibrationSize, seed, baseDir.getFileName().toString(), o, null);
            request.validateChange(ModelShape.of(base.model()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (PruneResult pruned = new PruningEngine().prune(base.model(), new BenchmarkCalibrationSource(base,
                Suites.all()), request, new PruneCommand.StageBar(), Cancellation.NEVER)) {
            RecoveryRun.Recovered r = new RecoveryEngine().recoverRecipe(base, pruned.variant(), pruned.recipe(),
                    pruned.tensors(), recoveryData, options, bar, Cancellation.NEVER);
            bar.close();
            try (LlavaModel recovered = base.model().derive(r.recipe(), r.tensors())) {
                Exporter.export(recovered, r.recipe(), baseDir, out);
            }
            print(r.record());
        }
    }

    /** Loads an exported variant, recovers it against the base, writes it with the adapters folded in. */
    private void recoverExport(LlavaPipeline base, Path baseDir, RecoveryOptions options, RecoveryData recoveryData,
            TrainingBar bar) throws Exception {
        VariantRecipe recipe = Exporter.readRecipe(source.variant);
        List<Integer> retained = java.util.stream.IntStream.range(0, recipe.base().numLayers()).boxed()
                .filter(l -> !recipe.removedLayers().contains(l)).toList();
        try (LlavaModel variant = LlavaCheckpoint.loadModel(source.variant, null)) {
            if (variant.languageModel().layerIds().size() != retained.size()) {
                throw new CommandLine.ParameterException(spec.commandLine(), source.variant + " has "
                        + variant.languageModel().layerIds().size() + " layers, its recipe keeps " + retained.size());
            }
            Map<Integer, Integer> positions = new LinkedHashMap<>();
            for (int i = 0; i < retained.size(); i++) {
                positions.put(retained.get(i), i); // the export numbers its layers 0..n-1
            }
            try (RecoveryRun run = new RecoveryEngine().recover(base, variant, positions, recoveryData, options, bar,
                    Cancellation.NEVER)) {
                bar.close();
                ObjectNode report = recipe.report() != null && recipe.report().isObject()
                        ? (ObjectNode) recipe.report().deepCopy() : Json.MAPPER.createObjectNode();
                report.set("recovery", run.record().toJsonNode());
                LlavaCheckpoint.write(run.model(), baseDir, out, SafeDType.F32, Map.of(Exporter.RECIPE_FILE,
                        recipe.withReport(report).toJson()));
                print(run.record());
            }
        }
    }

    private RecoveryData recoveryData(LlavaPipeline base, Path baseDir) {
        try {
            return data.equals("builtin") ? BuiltinRecoveryData.forBase(base, baseDir, fraction, seed)
                    : new JsonlRecoveryData(base, Path.of(data), fraction, seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private RecoveryOptions options() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("regime", regime);
        o.put("loss", loss);
        o.put("data_fraction", fraction);
        o.put("seed", seed);
        o.put("steps", steps);
        o.put("time_budget_seconds", timeBudget);
        o.put("alpha", alpha);
        o.put("temperature", temperature);
        o.put("lora_rank", loraRank);
        o.put("lora_alpha", loraAlpha);
        o.put("lora_targets", targets);
        o.put("hidden_layers", hiddenLayers);
        o.put("batch_size", batchSize);
        o.put("learning_rate", lr);
        o.put("validation_samples", validationSamples);
        o.values().removeIf(java.util.Objects::isNull);
        try {
            return RecoveryOptions.of(o);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static void print(RecoveryRecord r) {
        RecoveryData.Description d = r.data();
        System.out.printf(Locale.ROOT, "recovery: %s, loss %s, %d of %d steps (%s), batch %d, %.1f s (%.2f s/step); "
                + "data %,d examples = %.2f %% of %,d (%s, seed %d)%n", r.options().regime().jsonName(),
                r.options().loss().name(), r.stepsRun(), r.plannedSteps(), r.stoppedBy(), r.options().batchSize(),
                r.wallSeconds(), r.secondsPerStep(), d.examples(), 100 * d.fraction(), d.denominator(),
                d.denominatorSource(), d.seed());
        for (Map<String, Double> v : r.validation()) {
            System.out.println("  validation " + v);
        }
    }
}
