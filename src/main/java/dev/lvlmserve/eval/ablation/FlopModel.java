package dev.lvlmserve.eval.ablation;

import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.config.VisionConfig;
import dev.lvlmserve.model.llama.LayerShape;
import java.util.List;

/**
 * Multiply-accumulate counts (×2 = FLOPs) of one answered sample, for the ideal speedup of a pruned variant: the
 * vision tower's layers that run, the projector, every decoder layer at its own width over the prompt then per
 * generated token (with attention over the growing context), and lm_head per generated token. A factored delta's
 * two skinny products (k·(D + I) per token and edited layer) are left out: they are the price of sharing the base's
 * weights, not structure.
 */
public final class FlopModel {
    private FlopModel() {}

    /** @param layers the widths of every decoder layer the model runs */
    public static double flops(LlavaConfig c, List<LayerShape> layers, int promptTokens, int newTokens) {
        VisionConfig v = c.visionConfig();
        double n = v.numPatches() + 1;
        double dv = v.hiddenSize();
        double visionLayer = n * (4 * dv * dv + 2 * dv * v.intermediateSize()) + 2 * n * n * dv;
        double vision = c.visionLayersToRun() * visionLayer + v.numPatches() * (double) v.numChannels()
                * v.patchSize() * v.patchSize() * dv;
        TextConfig t = c.textConfig();
        double d = t.hiddenSize();
        double projector = c.imageSeqLength() * (c.projectorInputSize() * d + d * d);
        double decoder = 0;
        for (LayerShape s : layers) {
            double q = (double) s.heads() * t.headDim();
            double kv = (double) s.kvHeads() * t.headDim();
            double perToken = 2 * d * q + 2 * d * kv + 3 * d * s.intermediate();
            // the prompt's positions, then one position per generated token after the first (the prefill makes it)
            for (int i = 0; i < promptTokens + newTokens - 1; i++) {
                decoder += perToken + 2.0 * (i + 1) * q; // projections + QKᵀ and AV over the context so far
            }
        }
        double head = newTokens * d * t.vocabSize();
        return 2 * (vision + projector + decoder + head);
    }
}
