package dev.lvlmserve.recovery.study;

import dev.lvlmserve.eval.report.Charts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * The study's plots: retention against decoder-parameter reduction per method (zero-shot and every regime), layer
 * against width, retention against the data fraction, and against the step count.
 */
final class StudyFigures {
    private final StudyConfig config;
    private final List<StudyRow> rows;

    StudyFigures(StudyConfig config, Map<String, Double> base, List<StudyRow> rows) {
        this.config = config;
        this.rows = rows;
    }

    void write(Path out) throws IOException {
        double[] xs = config.ratios().stream().mapToDouble(r -> 100 * removed(r)).toArray();
        for (String method : config.methods()) {
            Map<String, double[]> series = new LinkedHashMap<>();
            series.put(StudyRegime.ZERO_SHOT, perRatio(r -> r.method().equals(method)
                    && r.regime().equals(StudyRegime.ZERO_SHOT)));
            for (StudyRegime g : config.gridRegimes()) {
                series.put(g.label(), perRatio(r -> r.method().equals(method) && r.regime().equals(g.label())));
            }
            Charts.lines(out.resolve("structural_" + method + ".png"), method + ": retention after recovery ("
                    + config.steps() + " steps, " + percent(config.gridFraction()) + " of the data)",
                    "decoder-layer parameters removed (%)", "% of the full model's average", xs, series);
        }
        Map<String, double[]> family = new LinkedHashMap<>();
        family.put("layer, zero-shot (best of short-lvlm, block-influence)", perRatio(r -> !isWidth(r)
                && r.regime().equals(StudyRegime.ZERO_SHOT)));
        family.put("width-taylor, zero-shot", perRatio(r -> isWidth(r) && r.regime().equals(StudyRegime.ZERO_SHOT)));
        family.put("layer, best recovery", perRatio(r -> !isWidth(r) && !r.regime().equals(StudyRegime.ZERO_SHOT)));
        family.put("width-taylor, best recovery", perRatio(r -> isWidth(r)
                && !r.regime().equals(StudyRegime.ZERO_SHOT)));
        Charts.lines(out.resolve("structural_layer_vs_width.png"), "Layer vs width pruning, before and after "
                + "recovery", "decoder-layer parameters removed (%)", "% of the full model's average", xs, family);
        section(out, "fractions", "structural_fraction.png", "data fraction (% of the training examples)", true);
        section(out, "steps", "structural_steps.png", "recovery steps", false);
    }

    private void section(Path out, String name, String file, String xTitle, boolean fraction) throws IOException {
        List<StudyRow> s = rows.stream().filter(r -> r.section().equals(name)).toList();
        if (s.isEmpty()) {
            return;
        }
        double[] xs = s.stream().mapToDouble(r -> fraction ? 100 * r.fraction() : r.steps()).toArray();
        StudyRow first = s.getFirst();
        Charts.lines(out.resolve(file), String.format("%s, %s at %.0f %%: retention vs %s", first.method(),
                first.regime(), 100 * first.ratio(), fraction ? "data fraction" : "steps"), xTitle,
                "% of the full model's average", xs, Map.of(first.regime(),
                        s.stream().mapToDouble(StudyRow::retention).toArray()));
    }

    /** The best retention among matching grid rows at each ratio (NaN where none ran). */
    private double[] perRatio(Predicate<StudyRow> which) {
        return config.ratios().stream().mapToDouble(ratio -> {
            OptionalDouble best = rows.stream().filter(r -> r.section().equals("grid") && r.ratio() == ratio)
                    .filter(which).mapToDouble(StudyRow::retention).max();
            return best.orElse(Double.NaN);
        }).toArray();
    }

    private double removed(double ratio) {
        return rows.stream().filter(r -> r.ratio() == ratio).mapToDouble(StudyRow::decoderRemoved).findFirst()
                .orElse(ratio);
    }

    static boolean isWidth(StudyRow r) {
        return r.method().startsWith("width-");
    }

    static String percent(double f) {
        return String.format("%s %%", new java.math.BigDecimal(Double.toString(100 * f)).stripTrailingZeros()
                .toPlainString());
    }
}
