/**
 * Micrometer meters for Prometheus ({@code /actuator/prometheus}): request latency and its stages, tokens, queue
 * gauges, batch sizes, variant memory and prune jobs. Names follow vLLM's metric set with an {@code lvlm_} prefix.
 */
package dev.lvlmserve.serving.metrics;
