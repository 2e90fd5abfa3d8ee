package dev.lvlmserve.pruning.compensation;

/** A removed layer and the retained layer whose weights absorb its feature gap (checkpoint ids). */
public record LayerPair(int removed, int retained) {}
