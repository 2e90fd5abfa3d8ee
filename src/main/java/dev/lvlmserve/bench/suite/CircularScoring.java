package dev.lvlmserve.bench.suite;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** MMBench's CircularEval: a question is right only if every one of its rotations is answered right. */
final class CircularScoring {
    private CircularScoring() {}

    static SuiteScore score(String suite, List<Sample> samples, List<String> predictions) {
        Scoring.checkAligned(samples, predictions);
        Map<String, Boolean> groups = new LinkedHashMap<>();
        Map<String, String> categoryOf = new HashMap<>();
        int right = 0;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            boolean ok = Scoring.correct(s, predictions.get(i));
            right += ok ? 1 : 0;
            String group = s.metadata().getOrDefault(MmbenchSuite.GROUP, s.id());
            groups.merge(group, ok, Boolean::logicalAnd);
            categoryOf.put(group, s.metadata().getOrDefault(MmbenchSuite.CATEGORY, "?"));
        }
        Map<String, int[]> byCategory = new HashMap<>();
        groups.forEach((group, ok) -> {
            int[] cell = byCategory.computeIfAbsent(categoryOf.get(group), k -> new int[2]);
            cell[0] += ok ? 1 : 0;
            cell[1]++;
        });
        int circularRight = (int) groups.values().stream().filter(b -> b).count();
        double circular = Scoring.percent(circularRight, groups.size());
        Map<String, Double> details = new HashMap<>();
        details.put("circular_accuracy", circular);
        details.put("accuracy", Scoring.percent(right, samples.size()));
        details.put("questions", (double) groups.size());
        byCategory.forEach((c, cell) -> details.put("circular_accuracy." + c, Scoring.percent(cell[0], cell[1])));
        return new SuiteScore(suite, "circular_accuracy", circular, details, samples.size());
    }
}
