package dev.lvlmserve.cli;

import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.recovery.study.StudyConfig;
import dev.lvlmserve.recovery.study.StudyRow;
import dev.lvlmserve.recovery.study.StudyRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(name = "study", mixinStandardHelpOptions = true,
        footer = {"", "Example: ./lvlm-serve study --ratios 0.3 --regimes projector,lora-hidden --steps 40 "
                + "--test-limit 20 --out /tmp/study"},
        description = "Reproduce the structural-pruning study on the built-in benchmark: layer and width pruning, "
                + "zero-shot and after each recovery regime, the data fraction and the step count; writes "
                + "docs/results/structural.md with its plots.")
final class StudyCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--out", defaultValue = "docs/results", paramLabel = "DIR")
    Path out;

    @Option(names = "--ratios", split = ",", description = "default 0.1,0.2,0.3,0.4")
    List<Double> ratios;

    @Option(names = "--methods", split = ",", description = "default short-lvlm,block-influence,width-taylor")
    List<String> methods;

    @Option(names = "--steps", description = "steps of every grid recovery (default 150)")
    Integer steps;

    @Option(names = "--fraction", description = "the grid's data fraction (default 0.05)")
    Double fraction;

    @Option(names = "--fractions", split = ",", description = "the data-fraction section (default 0.01,0.05,0.1)")
    List<Double> fractions;

    @Option(names = "--step-counts", split = ",", description = "the step-count section (default 50,100,200,400)")
    List<Integer> stepCounts;

    @Option(names = "--sections", split = ",", description = "grid, fractions, steps (default all)")
    List<String> sections;

    @Option(names = "--regimes", split = ",",
            description = "the grid's regimes: projector, lora-sft, lora-logit, lora-hidden (default all)")
    List<String> regimes;

    @Option(names = "--test-limit", defaultValue = "60", description = "TEST samples per suite")
    int testLimit;

    @Option(names = "--resume", description = "keep the rows of DIR/structural.json and run only the missing ones")
    boolean resume;

    @Option(names = "--report-only",
            description = "render DIR/structural.md and the plots from DIR/structural.json without running anything")
    boolean reportOnly;

    @Override
    public Integer call() throws Exception {
        StudyConfig s = StudyConfig.standard();
        StudyConfig c = new StudyConfig(ratios == null ? s.ratios() : ratios, methods == null ? s.methods() : methods,
                steps == null ? s.steps() : steps, fraction == null ? s.gridFraction() : fraction, s.batchSize(),
                fractions == null ? s.fractions() : fractions, s.fractionRatio(),
                stepCounts == null ? s.stepCounts() : stepCounts, testLimit, s.calibrationSize(),
                s.taylorCalibrationSize(), s.seed(), sections == null ? s.sections() : sections,
                regimes == null ? s.regimes() : regimes);
        StringBuilder cmd = new StringBuilder("java -jar target/lvlm-serve.jar study");
        if (model.model != null) {
            cmd.append(" --model ").append(model.model);
        }
        cmd.append(" --steps ").append(c.steps()).append(" --test-limit ").append(testLimit)
                .append(" --ratios ").append(join(c.ratios())).append(" --methods ").append(join(c.methods()))
                .append(" --fraction ").append(c.gridFraction()).append(" --fractions ").append(join(c.fractions()))
                .append(" --step-counts ").append(join(c.stepCounts())).append(" --sections ")
                .append(join(c.sections())).append(" --regimes ").append(join(c.regimes()));
        Path dir = model.resolve();
        try (LlavaPipeline pipeline = LlavaPipeline.load(dir, null)) {
            StudyRunner runner = new StudyRunner(pipeline, dir, c, System.out);
            if (reportOnly) {
                JsonNode earlier = Json.MAPPER.readTree(Files.readString(out.resolve("structural.json")));
                List<StudyRow> rows = new ArrayList<>();
                earlier.get("rows").forEach(r -> rows.add(Json.MAPPER.treeToValue(r, StudyRow.class)));
                java.util.Map<String, Double> base = new java.util.LinkedHashMap<>();
                earlier.get("base").properties().forEach(e -> base.put(e.getKey(), e.getValue().asDouble()));
                runner.report(out, cmd.toString(), base, rows, Double.NaN); // its rows may come from several runs
                return 0;
            }
            if (resume && Files.isRegularFile(out.resolve("structural.json"))) {
                JsonNode earlier = Json.MAPPER.readTree(Files.readString(out.resolve("structural.json")));
                List<StudyRow> rows = new ArrayList<>();
                earlier.get("rows").forEach(r -> rows.add(Json.MAPPER.treeToValue(r, StudyRow.class)));
                runner.resume(rows);
            }
            runner.run(out, cmd.toString());
        }
        return 0;
    }

    /** The reproducing command's list values, as this command parses them back. */
    private static String join(List<?> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }
}
