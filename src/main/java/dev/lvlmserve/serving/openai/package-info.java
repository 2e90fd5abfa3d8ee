/**
 * OpenAI-compatible endpoints ({@code POST /v1/chat/completions}, {@code GET /v1/models}): field names and
 * response schemas mirror OpenAI's exactly so its client libraries work unchanged. Every request field is honoured
 * or refused with a 400 naming it ({@code ChatRequestCheck}); a chat becomes the model's conversation format
 * ({@code ChatPrompt}); {@code model} names a variant ({@code default} is a listed alias); errors use OpenAI's
 * {@code {"error": {...}}} shape. docs/openai.md is the user-facing table.
 */
package dev.lvlmserve.serving.openai;
