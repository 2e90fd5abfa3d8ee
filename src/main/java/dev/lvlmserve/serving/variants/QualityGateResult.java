package dev.lvlmserve.serving.variants;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A variant's quality gate: how much of its base's behaviour it kept on a held-out probe.
 *
 * @param retention in [0, 1]: the probe's score of the variant relative to the base
 * @param minRetention the threshold asked for
 * @param samples the probe's prompts
 * @param passed retention ≥ minRetention; a failed gate blocks activation on success
 */
public record QualityGateResult(
        double retention,
        @JsonProperty("min_retention") double minRetention,
        int samples,
        boolean passed) {}
