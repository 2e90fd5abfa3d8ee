/**
 * The vision-language model, plain Java + DJL, mirroring transformers by name and numerics. {@link
 * dev.lvlmserve.model.Djl} is the only way to the engine (offline mode forced).
 */
package dev.lvlmserve.model;
