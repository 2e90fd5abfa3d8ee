/**
 * Request ids and the access log: every response carries {@code x-request-id} (what OpenAI's SDKs report with an
 * error), the access log line and the error body carry the same id.
 */
package dev.lvlmserve.serving.requestlog;
