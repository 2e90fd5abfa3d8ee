package dev.lvlmserve.serving.jobs;

/**
 * A prune request after validation.
 *
 * @param gate null when no quality gate was asked for
 */
record ValidatedRequest(PruneSpec spec, Gate gate, boolean activateOnSuccess) {
    record Gate(double minRetention, int samples) {}
}
