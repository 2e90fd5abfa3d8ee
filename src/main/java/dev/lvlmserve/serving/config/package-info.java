/**
 * Configuration: {@code lvlm.*} properties as records (with defaults filled in their constructors) and the OpenAPI
 * header. Keys come from the environment ({@code LVLM_ADMIN_KEY}, {@code LVLM_INFERENCE_KEY}), never from files in
 * the repository.
 */
package dev.lvlmserve.serving.config;
