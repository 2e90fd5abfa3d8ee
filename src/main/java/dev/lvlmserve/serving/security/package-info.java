/**
 * Request guards: admin and inference API keys (from the environment, never the repository) and the request body
 * cap. Plain interceptors and a filter; no Spring Security.
 */
package dev.lvlmserve.serving.security;
