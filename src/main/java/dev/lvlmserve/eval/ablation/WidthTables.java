package dev.lvlmserve.eval.ablation;

import dev.lvlmserve.pruning.plan.PruneRequest;
import dev.lvlmserve.pruning.plan.PruningMethod;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The ablation report's layer-versus-width sections: which family wins at each ratio (with the structural-pruning
 * study's numbers beside ours), the GQA mode, speed with a fixed number of generated tokens, and factored versus
 * materialized deltas.
 */
final class WidthTables {
    /** The study's zero-shot retention on LLaVA-1.5-7B (% of the original score), by decoder cut. */
    static final String STUDY = "Structural-pruning study, LLaVA-1.5-7B, zero-shot (no recovery), % of the original "
            + "score: **width 90.9 % at a 15 % cut and 79.9 % at 30 %; layer 72.2 % and 69.2 %**.";

    private final Map<String, Double> base;
    private final List<MethodResult> results;
    private final Consumer<String> line;

    WidthTables(Map<String, Double> base, List<MethodResult> results, Consumer<String> line) {
        this.base = base;
        this.results = results;
        this.line = line;
    }

    private double retention(MethodResult r) {
        return 100 * r.average() / base.get("average");
    }

    /** The best result of a family at a ratio (enumerate excluded: it is an upper bound, not a method). */
    Optional<MethodResult> best(double ratio, boolean width) {
        return results.stream().filter(r -> r.ratio() == ratio && isMethod(r.method(), width))
                .max(Comparator.comparingDouble(MethodResult::average));
    }

    private static boolean isMethod(String name, boolean width) {
        return PruningMethod.names().contains(name) && PruningMethod.parse(name).isWidth() == width
                && !name.equals("enumerate");
    }

    void layerVersusWidth(List<Double> ratios) {
        line.accept("## Layer vs width at the same decoder-parameter reduction (zero-shot)");
        line.accept("");
        line.accept("The ratio means the fraction of decoder-layer parameters removed for both families. A layer "
                + "method removes round(ratio·L) whole layers, so a column's layer rows remove the share in brackets; the "
                + "width methods are run at exactly that share (taken from every layer: heads to the nearest GQA "
                + "step, neurons making up the rest), so each row compares equal parameter counts. Average of the "
                + "seven suites, retention vs the full model in parentheses; enumerate (an upper bound) is left out.");
        line.accept("");
        line.accept("| ratio (decoder params removed) | best layer method | short-lvlm | best width method "
                + "| width-taylor | winner |");
        line.accept("|---|---|---:|---|---:|---|");
        for (double r : ratios) {
            Optional<MethodResult> layer = best(r, false);
            Optional<MethodResult> width = best(r, true);
            String winner = layer.isEmpty() || width.isEmpty() ? "–"
                    : width.get().average() > layer.get().average() ? "**width** (+" + fmt(width.get().average()
                            - layer.get().average()) + ")"
                    : width.get().average() < layer.get().average() ? "**layer** (+" + fmt(layer.get().average()
                            - width.get().average()) + ")" : "tie";
            double removed = layer.or(() -> width).map(MethodResult::parametersRemoved).orElse(Double.NaN);
            line.accept(String.format(Locale.ROOT, "| %d %% (%.1f %%) | %s | %s | %s | %s | %s |",
                    Math.round(r * 100), 100 * removed, named(layer), score(find(r, "short-lvlm")), named(width),
                    score(find(r, "width-taylor")), winner));
        }
        line.accept("");
        line.accept(STUDY);
        line.accept("");
    }

    void gqa(List<MethodResult> alternative) {
        if (alternative.isEmpty()) {
            return;
        }
        String def = PruneRequest.DEFAULT_GQA.jsonName();
        line.accept("## GQA mode (width-taylor; the default model has 6 query heads over 2 key/value heads)");
        line.accept("");
        line.accept("`groups` removes whole key/value groups (3 query heads each), `heads` the same number of query "
                + "heads in both groups; neurons make up the rest of the ratio either way. Default: `" + def + "`.");
        line.accept("");
        line.accept("| ratio | gqa=" + def + " (default) | describe F1 | " + alternative.getFirst().method()
                + " | describe F1 |");
        line.accept("|---:|---:|---:|---:|---:|");
        for (MethodResult alt : alternative) {
            Optional<MethodResult> d = find(alt.ratio(), "width-taylor");
            line.accept(String.format(Locale.ROOT, "| %d %% | %s | %s | %s | %.1f |", Math.round(alt.ratio() * 100),
                    score(d), d.map(x -> fmt(x.perSuite().getOrDefault("describe", Double.NaN))).orElse("–"),
                    score(Optional.of(alt)), alt.perSuite().getOrDefault("describe", Double.NaN)));
        }
        line.accept("");
    }

    void speed(List<SpeedRow> rows, int newTokens) {
        line.accept("## Speed (samples/s, " + newTokens + " generated tokens per sample, preprocessing included)");
        line.accept("");
        line.accept("Every sample generates exactly " + newTokens + " tokens (no stop token), so a variant whose "
                + "answers end sooner is not counted as faster. All layer methods of a ratio remove the same number of"
                + " layers and all width methods the same widths, so Short-LVLM and width-taylor stand for their "
                + "families. Short-LVLM's deltas are factored (the default).");
        line.accept("");
        line.accept("| ratio | variant | decoder layers | decoder params removed | samples/s | speedup "
                + "| ideal (FLOP-proportional) | of ideal | owned bytes |");
        line.accept("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        for (SpeedRow s : rows) {
            line.accept(String.format(Locale.ROOT, "| %d %% | %s | %d | %.1f %% | %.1f | %.3f | %.3f | %.1f %% | %,d |",
                    Math.round(s.ratio() * 100), s.method(), s.layers(), 100 * s.parametersRemoved(),
                    s.samplesPerSecond(), s.speedup(), s.idealSpeedup(), 100 * s.ofIdeal(), s.ownedBytes()));
        }
        line.accept("");
    }

    void deltas(List<DeltaRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        line.accept(String.format(Locale.ROOT, "## SCP deltas: factored vs materialized (Short-LVLM at %d %%)",
                Math.round(rows.getFirst().ratio() * 100)));
        line.accept("");
        line.accept("The same recipe applied two ways: factored keeps V_k and V_kᵀW beside the shared base weight "
                + "(two skinny matmuls per edited layer), materialized folds them into a copy of down_proj. Goal: a "
                + "factored variant owns ≤ 2 % of its base's bytes.");
        line.accept("");
        line.accept("| mode | samples/s | owned bytes | % of the base's bytes "
                + "| max logit difference to materialized |");
        line.accept("|---|---:|---:|---:|---:|");
        for (DeltaRow d : rows) {
            line.accept(String.format(Locale.ROOT, "| %s | %.1f | %,d | %.3f %% | %.2e |", d.mode(),
                    d.samplesPerSecond(), d.ownedBytes(), d.ownedPercentOfBase(), d.maxLogitDifference()));
        }
        line.accept("");
    }

    private Optional<MethodResult> find(double ratio, String method) {
        return results.stream().filter(r -> r.ratio() == ratio && r.method().equals(method)).findFirst();
    }

    private String named(Optional<MethodResult> r) {
        return r.map(x -> x.method() + " " + score(r)).orElse("–");
    }

    private String score(Optional<MethodResult> r) {
        return r.map(x -> String.format(Locale.ROOT, "%.1f (%.1f %%)", x.average(), retention(x))).orElse("–");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
