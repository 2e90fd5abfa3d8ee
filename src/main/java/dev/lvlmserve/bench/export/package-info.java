/**
 * Files in and out: the suites as LLaVA-665k-style JSONL plus PNGs, and a reader for that format (or a flat
 * question/answer variant) so the project can evaluate on externally supplied data the same way.
 *
 * <p>Legend: {@link dev.lvlmserve.bench.export.DatasetExporter} writes, {@link
 * dev.lvlmserve.bench.export.DatasetReader} reads into {@link dev.lvlmserve.bench.export.ExternalSample}.
 */
package dev.lvlmserve.bench.export;
