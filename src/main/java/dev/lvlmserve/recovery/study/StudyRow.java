package dev.lvlmserve.recovery.study;

import java.util.Map;

/**
 * One evaluated variant of the study.
 *
 * @param ratio the requested decoder-parameter reduction
 * @param decoderRemoved the fraction of decoder-layer parameters actually removed
 * @param regime {@link StudyRegime#ZERO_SHOT} or a {@link StudyRegime#label()}
 * @param retention 100 · average / the base's average
 * @param recoverySeconds wall time of the recovery (0 for zero-shot)
 * @param examples examples in the data fraction (0 for zero-shot)
 */
public record StudyRow(
        String section,
        String method,
        double ratio,
        double decoderRemoved,
        String regime,
        double fraction,
        int examples,
        int steps,
        double average,
        double retention,
        Map<String, Double> perSuite,
        double recoverySeconds,
        double secondsPerStep,
        double pruneSeconds) {}
