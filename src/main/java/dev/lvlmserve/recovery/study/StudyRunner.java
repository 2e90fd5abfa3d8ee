package dev.lvlmserve.recovery.study;

import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.eval.ablation.Ablation;
import dev.lvlmserve.eval.ablation.AblationConfig;
import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.apply.PruneResult;
import dev.lvlmserve.pruning.plan.PruneOptions;
import dev.lvlmserve.recovery.BuiltinRecoveryData;
import dev.lvlmserve.recovery.RecoveryEngine;
import dev.lvlmserve.recovery.RecoveryOptions;
import dev.lvlmserve.recovery.RecoveryProgress;
import dev.lvlmserve.recovery.RecoveryRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The structural-pruning study on the built-in benchmark, in one run: every method × ratio pruned once, scored
 * zero-shot and after each recovery regime (a fixed, short step budget); then, at one ratio, the best grid recipe
 * for the grid's step count on each data fraction, and at several step counts. Results are written after every row
 * ({@code structural.json}), so a stopped run keeps what it measured; the report and plots at the end.
 */
public final class StudyRunner {
    private final LlavaPipeline pipeline;
    private final Path modelDir;
    private final StudyConfig config;
    private final PrintStream log;
    private final Ablation ablation;
    private final List<StudyRow> rows = new ArrayList<>();
    private Map<String, Double> base;

    public StudyRunner(LlavaPipeline pipeline, Path modelDir, StudyConfig config, PrintStream log) {
        this.pipeline = pipeline;
        this.modelDir = modelDir;
        this.config = config;
        this.log = log;
        this.ablation = new Ablation(pipeline, new AblationConfig(config.ratios(), config.methods(),
                config.calibrationSize(), config.taylorCalibrationSize(), config.testLimit(), 0, 1, 16, 0, 0, 0, 0,
                "benchmark"), log);
    }

    public void run(Path out, String command) throws IOException {
        Files.createDirectories(out);
        long started = System.nanoTime();
        base = ablation.evaluate(pipeline.model(), Split.TEST, config.testLimit());
        log.printf("base: average %.1f %s%n", base.get("average"), base);
        if (config.runs("grid")) {
            List<Double> order = new ArrayList<>(config.ratios()); // the headline ratio first
            order.sort(Comparator.comparing(r -> r != config.fractionRatio()));
            for (double ratio : order) {
                for (String method : config.methods()) {
                    grid(ratio, method, out, command);
                }
            }
        }
        StudyRow best = bestGridRecipe();
        if (config.runs("fractions") && best != null) {
            for (double f : config.fractions()) {
                recoverOnce("fractions", best, config.steps(), f, out, command);
            }
        }
        if (config.runs("steps") && best != null) {
            for (int s : config.stepCounts()) {
                recoverOnce("steps", best, s, config.gridFraction(), out, command);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        save(out, command, seconds);
        new StudyFigures(config, base, rows).write(out);
        Files.writeString(out.resolve("structural.md"), new StudyMarkdown(config, base, rows, command, seconds)
                .render());
        log.println("wrote " + out);
    }

    /**
     * Writes the report and plots from the rows of an earlier run ({@code structural.json}) without evaluating
     * anything: what an interrupted run had measured, or a re-render after a change to the report's layout.
     *
     * @param seconds the earlier run's compute time (NaN when it was interrupted)
     */
    public void report(Path out, String command, Map<String, Double> earlierBase, List<StudyRow> earlier,
            double seconds) throws IOException {
        base = earlierBase;
        rows.clear();
        rows.addAll(earlier);
        new StudyFigures(config, base, rows).write(out);
        Files.writeString(out.resolve("structural.md"), new StudyMarkdown(config, base, rows, command, seconds)
                .render());
        log.println("wrote " + out + " from " + rows.size() + " earlier rows");
    }

    /** Rows of an earlier, interrupted run over the same config (they are not run again). */
    public void resume(List<StudyRow> earlier) {
        rows.addAll(earlier);
    }

    private void grid(double ratio, String method, Path out, String command) throws IOException {
        List<StudyRegime> missing = config.gridRegimes().stream().filter(g -> !has("grid", method, ratio, g.label(),
                config.gridFraction(), config.steps())).toList();
        boolean zeroShot = !has("grid", method, ratio, StudyRegime.ZERO_SHOT, 0, 0);
        if (missing.isEmpty() && !zeroShot) {
            return;
        }
        long t0 = System.nanoTime();
        try (PruneResult pruned = ablation.prune(ratio, method, config.calibrationSize(), PruneOptions.DEFAULT)) {
            double pruneSeconds = (System.nanoTime() - t0) / 1e9;
            if (zeroShot) {
                add(row("grid", method, ratio, pruned, StudyRegime.ZERO_SHOT, 0, 0, 0, score(pruned.variant()), 0,
                        0, pruneSeconds), out, command);
            }
            for (StudyRegime regime : missing) {
                add(recover("grid", method, ratio, pruned, regime, config.steps(), config.gridFraction(),
                        pruneSeconds), out, command);
            }
        }
    }

    private boolean has(String section, String method, double ratio, String regime, double fraction, int steps) {
        return rows.stream().anyMatch(r -> r.section().equals(section) && r.method().equals(method)
                && r.ratio() == ratio && r.regime().equals(regime) && r.fraction() == fraction
                && (steps < 0 || r.steps() == steps || section.equals("fractions")));
    }

    /** The best recovered grid row at the headline ratio, whose method and regime the later sections reuse. */
    private StudyRow bestGridRecipe() {
        return rows.stream().filter(r -> r.section().equals("grid") && r.ratio() == config.fractionRatio()
                && !r.regime().equals(StudyRegime.ZERO_SHOT)).max(Comparator.comparingDouble(StudyRow::average))
                .orElse(null);
    }

    private void recoverOnce(String section, StudyRow like, Integer steps, double fraction, Path out, String command)
            throws IOException {
        StudyRegime regime = StudyRegime.GRID.stream().filter(g -> g.label().equals(like.regime())).findFirst()
                .orElseThrow();
        if (has(section, like.method(), like.ratio(), regime.label(), fraction, steps == null ? -1 : steps)) {
            return;
        }
        long t0 = System.nanoTime();
        try (PruneResult pruned = ablation.prune(like.ratio(), like.method(), config.calibrationSize(),
                PruneOptions.DEFAULT)) {
            add(recover(section, like.method(), like.ratio(), pruned, regime, steps, fraction,
                    (System.nanoTime() - t0) / 1e9), out, command);
        }
    }

    private StudyRow recover(String section, String method, double ratio, PruneResult pruned, StudyRegime regime,
            Integer steps, double fraction, double pruneSeconds) {
        RecoveryOptions o = regime.options(steps, fraction, config.batchSize(), config.seed());
        BuiltinRecoveryData data = BuiltinRecoveryData.forBase(pipeline, modelDir, fraction, config.seed());
        RecoveryRun.Recovered r = new RecoveryEngine().recoverRecipe(pipeline, pruned.variant(), pruned.recipe(),
                pruned.tensors(), data, o, RecoveryProgress.NONE, Cancellation.NEVER);
        try (LlavaModel recovered = pipeline.model().derive(r.recipe(), r.tensors())) {
            return row(section, method, ratio, pruned, regime.label(), fraction, data.size(),
                    r.record().stepsRun(), score(recovered), r.record().wallSeconds(), r.record().secondsPerStep(),
                    pruneSeconds);
        }
    }

    private Map<String, Double> score(LlavaModel model) {
        return ablation.evaluate(model, Split.TEST, config.testLimit());
    }

    private StudyRow row(String section, String method, double ratio, PruneResult pruned, String regime,
            double fraction, int examples, int steps, Map<String, Double> scores, double seconds,
            double secondsPerStep, double pruneSeconds) {
        double avg = scores.get("average");
        return new StudyRow(section, method, ratio, pruned.report().parameters().decoderRemovedFraction(), regime,
                fraction, examples, steps, avg, 100 * avg / base.get("average"), scores, seconds, secondsPerStep,
                pruneSeconds);
    }

    private void add(StudyRow r, Path out, String command) throws IOException {
        rows.add(r);
        log.printf("%-5s %-16s ratio %.2f (-%.1f %%) %-22s frac %.3f steps %4d: avg %.1f (%.1f %%) recovery %.0f s%n",
                r.section(), r.method(), r.ratio(), 100 * r.decoderRemoved(), r.regime(), r.fraction(), r.steps(),
                r.average(), r.retention(), r.recoverySeconds());
        save(out, command, Double.NaN);
    }

    private void save(Path out, String command, double seconds) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command);
        json.put("config", config);
        json.put("base", base);
        json.put("rows", rows);
        json.put("total_seconds", seconds);
        Files.writeString(out.resolve("structural.json"), Json.MAPPER.writeValueAsString(json));
    }
}
