/**
 * The built-in benchmark: synthetic scenes ({@code scene}), suites mirroring the paper's benchmark formats and metrics
 * ({@code suite}), and LLaVA-665k-style export/import ({@code export}).
 */
package dev.lvlmserve.bench;
