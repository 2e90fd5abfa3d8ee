/**
 * Building blocks shared by the towers: {@code Linear} ((out, in) weights, libtorch's fused linear), norms,
 * activations, RoPE ({@code rotate_half} layout), eager attention, the {@code WeightMap} of canonical keys, and
 * {@code Scalars} — long-lived constants so the same forward code trains under DJL autograd.
 */
package dev.lvlmserve.model.nn;
