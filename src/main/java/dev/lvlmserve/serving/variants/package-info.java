/**
 * The variant registry: base models (always loaded) and pruned variants (persisted under the data directory, loaded
 * on demand into a byte-weighted Caffeine cache), the default variant and its atomic activation, startup loading
 * and warm-up, and the {@code /v1/variants} resources. A pruned variant shares every untouched tensor with its base
 * and stores only its own.
 */
package dev.lvlmserve.serving.variants;
