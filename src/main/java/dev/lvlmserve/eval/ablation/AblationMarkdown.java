package dev.lvlmserve.eval.ablation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The ablation report as markdown: the tables the README links to. */
final class AblationMarkdown {
    private static final Map<String, String> TABLE2 = Map.of("cosine-all", "baseline (all-token cosine)", "tis",
            "+TIS", "scp", "+SCP", "short-lvlm", "TIS+SCP (Short-LVLM)");

    private final AblationConfig config;
    private final Map<String, Double> base;
    private final List<MethodResult> results;
    private final List<MethodResult> options;
    private final List<MethodResult> gqa;
    private final List<SpeedRow> speed;
    private final List<DeltaRow> deltas;
    private final double pruneSeconds;
    private final String command;
    private final StringBuilder sb = new StringBuilder();

    AblationMarkdown(AblationConfig config, Map<String, Double> base, List<MethodResult> results,
            List<MethodResult> options, List<MethodResult> gqa, List<SpeedRow> speed, List<DeltaRow> deltas,
            double pruneSeconds, String command) {
        this.config = config;
        this.base = base;
        this.results = results;
        this.options = options;
        this.gqa = gqa;
        this.speed = speed;
        this.deltas = deltas;
        this.pruneSeconds = pruneSeconds;
        this.command = command;
    }

    String render() {
        WidthTables width = new WidthTables(base, results, this::line);
        line("# Layer and width pruning ablation on the built-in benchmark");
        line("");
        line("Reproduce: `" + command + "`. Every number below comes from that one run on a 2-core CPU machine.");
        line(String.format(Locale.ROOT, "Scores are the average of the seven suites' headline metrics (0–100) on %d "
                + "TEST samples per suite, zero-shot (no recovery training); calibration: %d samples from the TRAIN "
                + "split (width-taylor: the answer tokens of the first %d of them); enumeration scores each "
                + "layer subset on VALIDATION data by %s; random and width-random: mean ± std over %d seeds.",
                config.testLimit(), config.calibrationSize(), Math.min(config.calibrationSize(),
                        config.taylorCalibrationSize()), config.enumerationMetric().equals("describe")
                        ? "scene-description F1 on " + 3 * config.enumerationLimit() + " scenes"
                        : "the suites' average on " + config.enumerationLimit() + " samples per suite",
                config.randomSeeds()));
        line("");
        line(String.format(Locale.ROOT, "**Full model: %.1f** — %s", base.get("average"), suites(base)));
        line("");
        width.layerVersusWidth(config.ratios());
        accuracyTable();
        if (base.containsKey("describe")) {
            describeTable();
        }
        table2();
        optionTable();
        width.gqa(gqa);
        width.speed(speed, config.speedNewTokens());
        width.deltas(deltas);
        line("## Prune time");
        line("");
        line(String.format(Locale.ROOT, "One Short-LVLM prune at 30 %% with %d calibration samples: **%.1f s** "
                + "(target ≤ 60 s).", config.timingCalibrationSize(), pruneSeconds));
        line("");
        line("## Figures");
        line("");
        line("- ![layer vs width retention](layer_vs_width.png)");
        line("- ![accuracy vs ratio](accuracy_vs_ratio.png)");
        line("- ![scene description vs ratio](describe_vs_ratio.png)");
        line("- ![similarity heatmap (paper Fig. 4)](similarity_heatmap.png)");
        line("- ![retained layers (paper Fig. 7)](retained_layers.png)");
        return sb.toString();
    }

    private void accuracyTable() {
        line("## Average score by method and ratio (retention vs the full model in parentheses)");
        line("");
        methodByRatio(this::cell);
        StringBuilder removed = new StringBuilder("| removed by short-lvlm |");
        for (double r : config.ratios()) {
            removed.append(find(results, r, "short-lvlm").map(x -> " " + x.removedLayers().getFirst() + " |")
                    .orElse(" – |"));
        }
        line(removed.toString());
        line("");
    }

    private void describeTable() {
        line("## Scene description F1 by method and ratio (supplementary: the dense training task, TEST scenes)");
        line("");
        line(String.format(Locale.ROOT, "Full model: **%.1f**. An object counts when its cell, size, colour and "
                + "shape are all right.", base.get("describe")));
        line("");
        methodByRatio(x -> String.format(Locale.ROOT, " %.1f |", x.perSuite().getOrDefault("describe", Double.NaN)));
        line("");
    }

    /** One row per method, one column per ratio; {@code cell} renders a result as " value |". */
    private void methodByRatio(java.util.function.Function<MethodResult, String> cell) {
        StringBuilder h = new StringBuilder("| method |");
        StringBuilder sep = new StringBuilder("|---|");
        for (double r : config.ratios()) {
            h.append(String.format(Locale.ROOT, " %d %% |", Math.round(r * 100)));
            sep.append("---:|");
        }
        line(h.toString());
        line(sep.toString());
        for (String m : config.methods()) {
            StringBuilder row = new StringBuilder("| " + m + " |");
            for (double r : config.ratios()) {
                row.append(find(results, r, m).map(cell).orElse(" – |"));
            }
            line(row.toString());
        }
    }

    private void table2() {
        line("## Table 2 layout: baseline / +TIS / +SCP / TIS+SCP");
        line("");
        line("| ratio | variant | average | " + String.join(" | ", suiteNames()) + " |");
        line("|---|---|---:|" + "---:|".repeat(suiteNames().size()));
        for (double r : config.ratios()) {
            for (String m : List.of("cosine-all", "tis", "scp", "short-lvlm")) {
                find(results, r, m).ifPresent(x -> line(String.format(Locale.ROOT, "| %d %% | %s | %.1f | %s |",
                        Math.round(r * 100), TABLE2.get(m), x.average(), perSuite(x.perSuite()))));
            }
        }
        line("");
    }

    private void optionTable() {
        line("## Options at 30 % (what decided the defaults)");
        line("");
        line("| variant | average | describe F1 | removed |");
        line("|---|---:|---:|---|");
        for (MethodResult r : options) {
            line(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %s |", r.method(), r.average(),
                    r.perSuite().getOrDefault("describe", Double.NaN), r.removedLayers().getFirst()));
        }
        line("");
    }

    private String cell(MethodResult r) {
        String spread = r.spread() > 0 ? String.format(Locale.ROOT, " ± %.1f", r.spread()) : "";
        return String.format(Locale.ROOT, " %.1f%s (%.1f %%) |", r.average(), spread,
                100 * r.average() / base.get("average"));
    }

    private List<String> suiteNames() {
        return base.keySet().stream().filter(k -> !k.equals("average")).toList(); // "describe" last, if present
    }

    private String perSuite(Map<String, Double> scores) {
        return String.join(" | ", suiteNames().stream().map(s -> String.format(Locale.ROOT, "%.1f",
                scores.getOrDefault(s, Double.NaN))).toList());
    }

    private String suites(Map<String, Double> scores) {
        return String.join(", ", suiteNames().stream().map(s -> String.format(Locale.ROOT, "%s %.1f", s,
                scores.get(s))).toList());
    }

    private static Optional<MethodResult> find(List<MethodResult> results, double ratio, String method) {
        return results.stream().filter(r -> r.ratio() == ratio && r.method().equals(method)).findFirst();
    }

    private void line(String s) {
        sb.append(s).append('\n');
    }
}
