/**
 * OpenAI-compatible endpoints ({@code POST /v1/chat/completions}, {@code GET /v1/models}): field names mirror
 * OpenAI's exactly so its client libraries work unchanged; {@code model} names a variant; errors use OpenAI's
 * {@code {"error": {...}}} shape.
 */
package dev.lvlmserve.serving.openai;
