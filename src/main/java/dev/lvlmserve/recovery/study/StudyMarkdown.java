package dev.lvlmserve.recovery.study;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** {@code structural.md}: the study's tables, the paper's numbers beside ours, and the targets against the results. */
final class StudyMarkdown {
    private static final String LAYER_PAPER = "layer ≤ 30 %, width ≥ 45 %";

    private final StudyConfig config;
    private final Map<String, Double> base;
    private final List<StudyRow> rows;
    private final String command;
    private final double seconds;
    private final List<String> out = new ArrayList<>();

    StudyMarkdown(StudyConfig config, Map<String, Double> base, List<StudyRow> rows, String command, double seconds) {
        this.config = config;
        this.base = base;
        this.rows = rows;
        this.command = command;
        this.seconds = seconds;
    }

    String render() {
        out.add("# Structural pruning and lightweight recovery on the built-in benchmark");
        out.add("");
        String took = Double.isNaN(seconds) ? "rendered from the rows of earlier runs, which may have been "
                + "stopped and resumed" : fmt(seconds / 60) + " minutes";
        out.add("Reproduce every table: `" + command + "` (" + took + " on the shared 2-core "
                + "machine). Scores are the average of the seven suites' headline metrics (0–100) on "
                + config.testLimit() + " TEST samples per suite; retention is the variant's average over the full "
                + "model's. Grid recoveries: " + config.steps() + " AdamW steps of batch " + config.batchSize()
                + " (warm-up 3 %, cosine to 0) drawing from " + StudyFigures.percent(config.gridFraction())
                + " of the training examples the default model's TRAINING.json records, seed " + config.seed()
                + "; LoRA r = 16, α = 32 on q/k/v/o/gate/up/down plus a trained projector copy; KD at T = 2, "
                + "α = 0.5; hidden KD on the final normed hidden states at the answer and image positions.");
        out.add("");
        out.add(String.format(Locale.ROOT, "**Full model: %.1f** — %s", base.get("average"), suites(base)));
        out.add("");
        retention();
        layerVersusWidth();
        fractions();
        steps();
        paper();
        targets();
        wallTimes();
        return String.join("\n", out) + "\n";
    }

    private void retention() {
        out.add("## Retention by method, regime and decoder-parameter reduction");
        out.add("");
        StringBuilder head = new StringBuilder("| method | regime |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (double r : config.ratios()) {
            head.append(String.format(Locale.ROOT, " %d %% (%s) |", Math.round(100 * r), removedLabel(r)));
            rule.append("---:|");
        }
        out.add(head.toString());
        out.add(rule.toString());
        for (String method : config.methods()) {
            for (String regime : regimes()) {
                StringBuilder line = new StringBuilder("| " + method + " | " + regime + " |");
                for (double r : config.ratios()) {
                    line.append(' ').append(cell(grid(method, r, regime))).append(" |");
                }
                out.add(line.toString());
            }
        }
        out.add("");
        out.add("Cells: average (retention). Plots: " + String.join(", ", config.methods().stream()
                .map(m -> "[" + m + "](structural_" + m + ".png)").toList())
                + ", [layer vs width](structural_layer_vs_width.png).");
        out.add("");
    }

    private void layerVersusWidth() {
        out.add("## Layer or width, before and after recovery");
        out.add("");
        out.add("Best layer method (short-lvlm or block-influence) against width-taylor at the same reduction; the "
                + "structural-pruning study finds that after recovery layer pruning wins at small cuts and width "
                + "pruning at large ones (" + LAYER_PAPER + " on LLaVA-1.5-7B).");
        out.add("");
        out.add("| ratio | regime | best layer | width-taylor | winner |");
        out.add("|---:|---|---|---:|---|");
        for (double r : config.ratios()) {
            for (String regime : regimes()) {
                Optional<StudyRow> layer = best(g -> g.section().equals("grid") && g.ratio() == r
                        && g.regime().equals(regime) && !StudyFigures.isWidth(g));
                Optional<StudyRow> width = grid("width-taylor", r, regime);
                String winner = layer.isEmpty() || width.isEmpty() ? "–"
                        : layer.get().average() > width.get().average() ? "layer (+" + fmt(layer.get().average()
                                - width.get().average()) + ")"
                        : layer.get().average() < width.get().average() ? "width (+" + fmt(width.get().average()
                                - layer.get().average()) + ")" : "tie";
                out.add(String.format(Locale.ROOT, "| %d %% | %s | %s | %s | %s |", Math.round(100 * r), regime,
                        layer.map(l -> l.method() + " " + cell(layer)).orElse("–"), cell(width), winner));
            }
        }
        out.add("");
    }

    private void fractions() {
        List<StudyRow> s = section("fractions");
        if (s.isEmpty()) {
            return;
        }
        StudyRow f = s.getFirst();
        out.add(String.format(Locale.ROOT, "## Data fraction at %d %% (%s, %s; %d steps of batch %d each)",
                Math.round(100 * f.ratio()), f.method(), f.regime(), config.steps(), config.batchSize()));
        out.add("");
        out.add("The fraction is of the 544,000 training examples the default model's TRAINING.json records over "
                + "its eleven stages; a smaller fraction is a prefix of a larger one (same seed). Every fraction trains for "
                + "the same " + config.steps() * config.batchSize() + " example draws: a fraction with fewer "
                + "examples repeats them, a larger one is only partly seen. "
                + "[Plot](structural_fraction.png).");
        out.add("");
        out.add("| fraction | examples | steps | average | retention | recovery wall time |");
        out.add("|---:|---:|---:|---:|---:|---:|");
        for (StudyRow r : s) {
            out.add(String.format(Locale.ROOT, "| %s | %,d | %d | %.1f | %.1f %% | %s |",
                    StudyFigures.percent(r.fraction()), r.examples(), r.steps(), r.average(), r.retention(),
                    minutes(r.recoverySeconds())));
        }
        out.add("");
    }

    private void steps() {
        List<StudyRow> s = section("steps");
        if (s.isEmpty()) {
            return;
        }
        StudyRow f = s.getFirst();
        out.add(String.format(Locale.ROOT, "## Step count at %d %% (%s, %s, %s of the data)",
                Math.round(100 * f.ratio()), f.method(), f.regime(), StudyFigures.percent(f.fraction())));
        out.add("");
        out.add("Where a short recovery levels off (the grid uses " + config.steps() + " steps). "
                + "[Plot](structural_steps.png).");
        out.add("");
        out.add("| steps | examples seen | average | retention | recovery wall time |");
        out.add("|---:|---:|---:|---:|---:|");
        for (StudyRow r : s) {
            out.add(String.format(Locale.ROOT, "| %d | %,d | %.1f | %.1f %% | %s |", r.steps(),
                    (long) r.steps() * config.batchSize(), r.average(), r.retention(), minutes(r.recoverySeconds())));
        }
        out.add("");
    }

    private void paper() {
        out.add("## The paper's numbers beside ours");
        out.add("");
        out.add("The study (LLaVA-1.5-7B, % of the original score) against this run; our nearest reductions are "
                + removedLabel(0.1) + "/" + removedLabel(0.2) + " (for its 15 %) and " + removedLabel(0.3)
                + " (for its 30 %).");
        out.add("");
        out.add("| setting | paper, 15 % cut | ours, 10 % / 20 % | paper, 30 % cut | ours, 30 % |");
        out.add("|---|---:|---:|---:|---:|");
        paperRow("width, zero-shot", "90.9", "79.9", g -> StudyFigures.isWidth(g)
                && g.regime().equals(StudyRegime.ZERO_SHOT));
        paperRow("layer, zero-shot", "72.2", "69.2", g -> !StudyFigures.isWidth(g)
                && g.regime().equals(StudyRegime.ZERO_SHOT));
        paperRow("layer + SFT + hidden-state KD (5 % data)", "98.1", "96.4", g -> !StudyFigures.isWidth(g)
                && g.regime().equals("LoRA SFT + hidden KD"));
        paperRow("projector-only (layer or width)", "suffices to ~15 %", "–", g -> g.regime()
                .equals("projector-only"));
        out.add("");
        out.add("The paper also finds 5 % of the data enough below a 50 % cut; see the data-fraction table.");
        out.add("");
    }

    private void paperRow(String label, String p15, String p30, Predicate<StudyRow> which) {
        String small = retention(bestAt(0.1, which)) + " / " + retention(bestAt(0.2, which));
        out.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |", label, p15, small, p30,
                retention(bestAt(0.3, which))));
    }

    private void targets() {
        out.add("## Targets");
        out.add("");
        Optional<StudyRow> best30 = best(r -> r.ratio() == 0.3 && !r.regime().equals(StudyRegime.ZERO_SHOT)
                && r.fraction() <= 0.05 + 1e-12);
        Optional<StudyRow> projector10 = bestAt(0.1, r -> r.regime().equals("projector-only"));
        out.add("| target | reached | best row |");
        out.add("|---|---|---|");
        out.add(String.format(Locale.ROOT, "| 30 %% removed: best recipe ≥ 95 %% with ≤ 5 %% of the data | %s | %s |",
                best30.map(r -> r.retention() >= 95 ? "yes" : "**no**").orElse("–"), describe(best30)));
        out.add(String.format(Locale.ROOT, "| that recovery ≤ 15 minutes on this machine | %s | %s |",
                best30.map(r -> r.recoverySeconds() <= 900 ? "yes" : "**no**").orElse("–"),
                best30.map(r -> minutes(r.recoverySeconds())).orElse("–")));
        out.add(String.format(Locale.ROOT, "| projector-only ≥ 95 %% at 10 %% | %s | %s |",
                projector10.map(r -> r.retention() >= 95 ? "yes" : "**no**").orElse("–"), describe(projector10)));
        out.add("");
    }

    private void wallTimes() {
        out.add("## Wall time of every recovery");
        out.add("");
        out.add("| section | method | ratio | regime | fraction | steps | wall time | s/step |");
        out.add("|---|---|---:|---|---:|---:|---:|---:|");
        for (StudyRow r : rows) {
            if (!r.regime().equals(StudyRegime.ZERO_SHOT)) {
                out.add(String.format(Locale.ROOT, "| %s | %s | %d %% | %s | %s | %d | %s | %.2f |", r.section(),
                        r.method(), Math.round(100 * r.ratio()), r.regime(), StudyFigures.percent(r.fraction()),
                        r.steps(), minutes(r.recoverySeconds()), r.secondsPerStep()));
            }
        }
        out.add("");
    }

    private List<String> regimes() {
        List<String> all = new ArrayList<>(List.of(StudyRegime.ZERO_SHOT));
        config.gridRegimes().forEach(g -> all.add(g.label()));
        return all;
    }

    private Optional<StudyRow> grid(String method, double ratio, String regime) {
        return best(r -> r.section().equals("grid") && r.method().equals(method) && r.ratio() == ratio
                && r.regime().equals(regime));
    }

    private Optional<StudyRow> bestAt(double ratio, Predicate<StudyRow> which) {
        return best(r -> r.section().equals("grid") && r.ratio() == ratio && which.test(r));
    }

    private Optional<StudyRow> best(Predicate<StudyRow> which) {
        return rows.stream().filter(which).max(Comparator.comparingDouble(StudyRow::average));
    }

    private List<StudyRow> section(String name) {
        return rows.stream().filter(r -> r.section().equals(name)).toList();
    }

    private String removedLabel(double ratio) {
        return rows.stream().filter(r -> r.ratio() == ratio).findFirst()
                .map(r -> String.format(Locale.ROOT, "%.1f %%", 100 * r.decoderRemoved())).orElse("–");
    }

    private static String cell(Optional<StudyRow> r) {
        return r.map(x -> String.format(Locale.ROOT, "%.1f (%.1f %%)", x.average(), x.retention())).orElse("–");
    }

    private static String retention(Optional<StudyRow> r) {
        return r.map(x -> String.format(Locale.ROOT, "%.1f", x.retention())).orElse("–");
    }

    private static String describe(Optional<StudyRow> r) {
        return r.map(x -> String.format(Locale.ROOT, "%s, %s, %s of the data, %d steps: %.1f (%.1f %%)", x.method(),
                x.regime(), StudyFigures.percent(x.fraction()), x.steps(), x.average(), x.retention())).orElse("–");
    }

    private static String minutes(double s) {
        return s < 90 ? String.format(Locale.ROOT, "%.0f s", s) : String.format(Locale.ROOT, "%.1f min", s / 60);
    }

    private static String suites(Map<String, Double> scores) {
        return String.join(", ", scores.entrySet().stream().filter(e -> !e.getKey().equals("average"))
                .map(e -> e.getKey() + " " + fmt(e.getValue())).toList());
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
