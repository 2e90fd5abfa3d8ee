package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.recovery.RecoveryOptions;

/**
 * A prune request after validation.
 *
 * @param gate null when no quality gate was asked for
 * @param recovery null when no recovery was asked for; else with a time budget (the request's, or the server's cap)
 */
record ValidatedRequest(PruneSpec spec, Gate gate, boolean activateOnSuccess, RecoveryOptions recovery) {
    record Gate(double minRetention, int samples) {}
}
