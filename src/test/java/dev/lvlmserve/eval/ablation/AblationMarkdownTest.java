package dev.lvlmserve.eval.ablation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report says which family wins at each ratio, at the layer rows' parameter reduction, beside the study. */
class AblationMarkdownTest {
    static MethodResult result(double ratio, String method, double average, double removed) {
        Map<String, Double> suites = new LinkedHashMap<>();
        suites.put("vqa", average);
        suites.put("average", average);
        suites.put("describe", 50.0);
        return new MethodResult(ratio, method, average, 0, suites, List.of(List.of()), removed, 1);
    }

    @Test
    void theHeadlineTableNamesTheWinnerOfEachRatio() {
        AblationConfig c = new AblationConfig(List.of(0.1, 0.3), List.of("short-lvlm", "block-influence",
                "width-taylor", "width-random"), 8, 4, 3, 2, 1, 4, 8, 8, 4, 2, "benchmark");
        Map<String, Double> base = new LinkedHashMap<>(Map.of("vqa", 80.0, "average", 80.0, "describe", 90.0));
        List<MethodResult> results = List.of(
                result(0.1, "short-lvlm", 60, 0.125), result(0.1, "block-influence", 70, 0.125),
                result(0.1, "width-taylor", 76, 0.125), result(0.1, "width-random", 50, 0.125),
                result(0.3, "short-lvlm", 40, 0.3125), result(0.3, "block-influence", 44, 0.3125),
                result(0.3, "width-taylor", 30, 0.3125), result(0.3, "width-random", 20, 0.3125));
        List<SpeedRow> speed = List.of(new SpeedRow("base", "base", 0, 16, 0, 100, 1, 1, 0),
                new SpeedRow("width", "width-taylor", 0.1, 16, 0.125, 110, 1.1, 1.12, 1000));
        List<DeltaRow> deltas = List.of(new DeltaRow("factored", 0.3, 130, 42_000, 0.15, 1e-6),
                new DeltaRow("materialized", 0.3, 131, 2_000_000, 7.1, 0));
        String md = new AblationMarkdown(c, base, results, List.of(), List.of(result(0.1, "width-taylor gqa=groups",
                74, 0.125)), speed, deltas, 12.5, "ablate").render();
        assertTrue(md.contains("| 10 % (12.5 %) | block-influence 70.0 (87.5 %) | 60.0 (75.0 %) | width-taylor 76.0 "
                + "(95.0 %) | 76.0 (95.0 %) | **width** (+6.0) |"), md);
        assertTrue(md.contains("| 30 % (31.3 %) | block-influence 44.0 (55.0 %) | 40.0 (50.0 %) | width-taylor 30.0 "
                + "(37.5 %) | 30.0 (37.5 %) | **layer** (+14.0) |"), md);
        assertTrue(md.contains("width 90.9 % at a 15 % cut and 79.9 % at 30 %; layer 72.2 % and 69.2 %"));
        assertTrue(md.contains("| 10 % | 76.0 (95.0 %) | 50.0 | 74.0 (92.5 %) | 50.0 |"), md);
        assertTrue(md.contains("| 10 % | width-taylor | 16 | 12.5 % | 110.0 | 1.100 | 1.120 | 98.2 % | 1,000 |"), md);
        assertTrue(md.contains("| factored | 130.0 | 42,000 | 0.150 % | 1.00e-06 |"), md);
    }
}
