/**
 * Evaluation: the built-in suites and user JSONL against a pipeline, per-sample answer checks, the scene-description
 * F1, machine rates and throughput benchmarks, reports.
 */
package dev.lvlmserve.eval;
