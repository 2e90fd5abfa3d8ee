/** Report figures: the layer-similarity matrix (paper Fig. 4), line charts, the retained-layer diagram. */
package dev.lvlmserve.eval.report;
