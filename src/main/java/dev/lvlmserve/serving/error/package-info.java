/**
 * Error rendering, in one place ({@link dev.lvlmserve.serving.error.ErrorBodies}): RFC 9457 problem details on native
 * endpoints, OpenAI's error object on the OpenAI-compatible ones, for errors from handlers (the controller advice),
 * from the container ({@code /error}) and from Tomcat itself (its error valve). Status mapping: 400 malformed input,
 * 401/403 keys, 404 unknown variant, job or path, 405 method, 409 conflicts, 413 oversized body or image, 415
 * unsupported media type or image format (400 on OpenAI paths), 422 impossible prune requests or an extreme aspect
 * ratio, 503 not ready or over capacity (always with {@code Retry-After}). A 500 means a server bug, never bad
 * input, and no body names a Java type, signature or stack frame ({@link dev.lvlmserve.serving.error.ClientMessages}).
 */
package dev.lvlmserve.serving.error;
