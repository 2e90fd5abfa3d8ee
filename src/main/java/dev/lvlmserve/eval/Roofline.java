package dev.lvlmserve.eval;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.llama.LayerShape;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.llava.LlavaModel;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What the throughput benchmark's work needs at the least, counted from the weights the decoder actually runs:
 * floating-point operations for a prefill (the bound is the machine's GEMM rate) and bytes for a decode step (the
 * bound is its memory read bandwidth). The vision tower, the projector and the embedding table are left out: the
 * benchmark hands the decoder ready image features, and a token's embedding is one row of the table, not all of it.
 *
 * @param layerMatrixParams elements of every 2-D weight of the decoder layers run (the GEMMs per token)
 * @param decoderBytes bytes of every tensor of the decoder layers run plus the final norm (read once per step)
 * @param headParams elements of lm_head (tied or not), applied to one position per row
 * @param headBytes bytes of lm_head
 * @param queryHeads query heads summed over the layers run (their widths as the weights give them, so a widthwise
 *     pruned variant counts what it computes)
 * @param keyValueHeads key/value heads summed over the layers run
 */
public record Roofline(long layerMatrixParams, long decoderBytes, long headParams, long headBytes, long queryHeads,
        long keyValueHeads, int headDim, int elementBytes) {

    public static Roofline of(LlavaModel model) {
        TextConfig t = model.config().textConfig();
        String layerPrefix = LlamaModel.PREFIX + ".layers.";
        long matrix = 0;
        long bytes = 0;
        Map<NDArray, Boolean> seen = new IdentityHashMap<>();
        for (Map.Entry<String, NDArray> e : model.weights().asMap().entrySet()) {
            String k = e.getKey();
            NDArray a = e.getValue();
            boolean layer = k.startsWith(layerPrefix)
                    && model.languageModel().layerIds().contains(layerId(k, layerPrefix.length()));
            boolean finalNorm = k.equals(LlamaModel.PREFIX + ".norm.weight");
            if ((layer || finalNorm) && seen.put(a, Boolean.TRUE) == null) {
                bytes += a.size() * a.getDataType().getNumOfBytes();
                if (layer && a.getShape().dimension() == 2) {
                    matrix += a.size();
                }
            }
        }
        long headParams = (long) t.vocabSize() * t.hiddenSize();
        int element = model.dtype().getNumOfBytes();
        long heads = 0;
        long kvHeads = 0;
        for (LayerShape s : model.layerShapes()) {
            heads += s.heads();
            kvHeads += s.kvHeads();
        }
        return new Roofline(matrix, bytes, headParams, headParams * element, heads, kvHeads, t.headDim(), element);
    }

    private static int layerId(String key, int start) {
        return Integer.parseInt(key.substring(start, key.indexOf('.', start)));
    }

    /**
     * A prefill of {@code batch} prompts of {@code tokens} positions: 2 FLOPs per weight per position in the layers'
     * GEMMs, the attention products QKᵀ and PV over the full T×T square (the eager path computes it all, masked), and
     * lm_head at the last position of each row.
     */
    public double prefillFlops(int batch, int tokens) {
        double rows = (double) batch * tokens;
        double attention = 4.0 * queryHeads * batch * (double) tokens * tokens * headDim;
        return 2.0 * layerMatrixParams * rows + attention + 2.0 * headParams * batch;
    }

    /**
     * One decode step of {@code batch} rows over {@code context} positions: every decoder weight and lm_head read
     * once, and each row's keys and values read once.
     */
    public double decodeBytes(int batch, int context) {
        double kv = 2.0 * keyValueHeads * batch * (double) context * headDim * elementBytes;
        return decoderBytes + headBytes + kv;
    }
}
