package dev.lvlmserve.eval;

import dev.lvlmserve.bench.suite.SuiteScore;

/**
 * One suite's score and how fast it was answered, measured as a user experiences it: rendering excluded,
 * preprocessing, vision, prefill and decode included.
 */
public record SuiteResult(SuiteScore score, double samplesPerSecond, int batchSize) {}
