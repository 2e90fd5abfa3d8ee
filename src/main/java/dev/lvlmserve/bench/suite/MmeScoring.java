package dev.lvlmserve.bench.suite;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MME's metric. Per subtask: acc = share of questions right, acc+ = share of images (pairs) with every question
 * right, score = 100·acc + 100·acc+ (max 200). Total = sum of subtask scores. The headline normalises the total to
 * 0..100 by dividing by 2 × the number of subtasks present.
 */
final class MmeScoring {
    private MmeScoring() {}

    static SuiteScore score(String suite, List<Sample> samples, List<String> predictions) {
        Scoring.checkAligned(samples, predictions);
        Map<String, Map<String, Boolean>> pairsBySubtask = new TreeMap<>(); // subtask → pair → all right so far
        Map<String, int[]> questions = new TreeMap<>(); // subtask → {right, total}
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            boolean ok = Scoring.correct(s, predictions.get(i));
            String subtask = s.metadata().getOrDefault(MmeSuite.SUBTASK, "?");
            pairsBySubtask.computeIfAbsent(subtask, k -> new HashMap<>())
                    .merge(s.metadata().getOrDefault(MmeSuite.PAIR, s.id()), ok, Boolean::logicalAnd);
            int[] q = questions.computeIfAbsent(subtask, k -> new int[2]);
            q[0] += ok ? 1 : 0;
            q[1]++;
        }
        Map<String, Double> details = new HashMap<>();
        double total = 0;
        int right = 0;
        int pairsRight = 0;
        int pairs = 0;
        for (var entry : pairsBySubtask.entrySet()) {
            int[] q = questions.get(entry.getKey());
            int plus = (int) entry.getValue().values().stream().filter(b -> b).count();
            double acc = Scoring.percent(q[0], q[1]);
            double accPlus = Scoring.percent(plus, entry.getValue().size());
            details.put(entry.getKey() + ".acc", acc);
            details.put(entry.getKey() + ".acc_plus", accPlus);
            details.put(entry.getKey() + ".score", acc + accPlus);
            total += acc + accPlus;
            right += q[0];
            pairsRight += plus;
            pairs += entry.getValue().size();
        }
        details.put("acc", Scoring.percent(right, samples.size()));
        details.put("acc_plus", Scoring.percent(pairsRight, pairs));
        details.put("total_score", total);
        double headline = pairsBySubtask.isEmpty() ? 0 : total / (2.0 * pairsBySubtask.size());
        return new SuiteScore(suite, "mme_score_normalised", headline, details, samples.size());
    }
}
