/**
 * Error rendering: RFC 9457 problem details on native endpoints, OpenAI's error object on the OpenAI-compatible ones.
 * Status mapping: 400 malformed input, 401/403 keys, 404 unknown variant or job, 409 conflicts, 413 oversized body or
 * image, 415 unsupported media type or image format, 422 impossible prune requests, 503 not ready or queue full (with
 * {@code Retry-After}). A 500 means a server bug, never bad input.
 */
package dev.lvlmserve.serving.error;
