package dev.lvlmserve.bench.suite;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A suite's result.
 *
 * @param metricName what {@code metric} is, e.g. {@code "f1"} or {@code "circular_accuracy"}
 * @param metric the headline number, in 0..100
 * @param details every other number the suite reports (percentages in 0..100 unless the key says otherwise)
 * @param n number of scored samples
 */
public record SuiteScore(String suite, String metricName, double metric, Map<String, Double> details, int n) {
    public SuiteScore {
        details = Collections.unmodifiableMap(new TreeMap<>(details));
    }
}
