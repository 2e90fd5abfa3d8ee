/**
 * Records mirroring config.json ({@code LlavaConfig} with nested {@code TextConfig} and {@code VisionConfig});
 * derived values are methods; inconsistencies fail with {@code ConfigException} naming the field.
 */
package dev.lvlmserve.model.config;
