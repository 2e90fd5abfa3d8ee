package dev.lvlmserve.recovery.study;

import java.util.List;

/**
 * What one structural-pruning study run covers.
 *
 * @param ratios decoder-parameter reductions of the grid (layer methods remove round(ratio·L) layers; the width
 *     method is run at exactly that share)
 * @param methods pruning methods of the grid (layerwise and widthwise)
 * @param steps optimizer steps of every grid recovery (a short, fixed budget: see the step-count section)
 * @param gridFraction the data fraction the grid's recoveries draw from
 * @param fractions data fractions of the data-fraction section, each trained for the grid's step count (so a
 *     fraction smaller than steps × batch examples is seen more than once, a larger one only in part)
 * @param fractionRatio the ratio of the data-fraction and step-count sections
 * @param stepCounts step counts of the step-count section
 * @param testLimit TEST samples per suite for every score
 * @param sections which parts run: {@code grid}, {@code fractions}, {@code steps}
 * @param regimes the grid's recovery regimes, by {@link StudyRegime#name()} (each also scored zero-shot)
 */
public record StudyConfig(
        List<Double> ratios,
        List<String> methods,
        int steps,
        double gridFraction,
        int batchSize,
        List<Double> fractions,
        double fractionRatio,
        List<Integer> stepCounts,
        int testLimit,
        int calibrationSize,
        int taylorCalibrationSize,
        long seed,
        List<String> sections,
        List<String> regimes) {

    public StudyConfig {
        regimes.forEach(StudyRegime::byName); // an unknown name fails before anything runs
    }

    public static StudyConfig standard() {
        return new StudyConfig(List.of(0.1, 0.2, 0.3, 0.4), List.of("short-lvlm", "block-influence", "width-taylor"),
                150, 0.05, 16, List.of(0.01, 0.05, 0.10), 0.3, List.of(50, 100, 200, 400), 60, 128, 32, 0,
                List.of("grid", "fractions", "steps"), StudyRegime.GRID.stream().map(StudyRegime::name).toList());
    }

    /** The grid's regimes, in the order given. */
    public List<StudyRegime> gridRegimes() {
        return regimes.stream().map(StudyRegime::byName).toList();
    }

    public boolean runs(String section) {
        return sections.contains(section);
    }
}
