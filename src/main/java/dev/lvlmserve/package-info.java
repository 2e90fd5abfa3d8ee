/**
 * lvlm-serve: {@link dev.lvlmserve.Main} starts the server ({@code serving}) or the command-line tool ({@code cli});
 * {@link dev.lvlmserve.DefaultModel} finds the embedded model. Dependencies point one way: serving → pruning → model.
 */
package dev.lvlmserve;
