package dev.lvlmserve.pruning.plan;

import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.llama.LayerShape;
import dev.lvlmserve.model.llava.LlavaModel;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What validation and parameter accounting need to know of a model: its text config and the widths of its decoder
 * layers (checkpoint ids of the base). Parameters are counted from the shapes, so a factored delta's factors do not
 * count as structure: the ratio is the fraction of decoder-layer parameters removed, the same for layer and width
 * methods.
 */
public record ModelShape(TextConfig text, List<LayerShape> layers) {
    public ModelShape {
        layers = List.copyOf(layers);
    }

    public static ModelShape of(LlavaModel model) {
        return new ModelShape(model.config().textConfig(), model.layerShapes());
    }

    /** @param perLayer the checkpoint's per-layer widths, or null when every layer has the config's */
    public static ModelShape of(LlavaConfig config, List<LayerShape> perLayer) {
        TextConfig t = config.textConfig();
        List<LayerShape> layers = perLayer != null ? perLayer : IntStream.range(0, t.numHiddenLayers())
                .mapToObj(i -> new LayerShape(i, t.numAttentionHeads(), t.numKeyValueHeads(), t.intermediateSize()))
                .toList();
        return new ModelShape(t, layers);
    }

    public List<Integer> layerIds() {
        return layers.stream().map(LayerShape::layerId).toList();
    }

    public LayerShape layer(int id) {
        return layers.stream().filter(l -> l.layerId() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("layer " + id + " is not in the model (layers "
                        + layerIds() + ")"));
    }

    /** q, k, v, o, gate, up, down (with the config's biases) and both norms of a layer of these widths. */
    public long layerParameters(LayerShape s) {
        return attentionParameters(s.heads(), s.kvHeads()) + s.intermediate() * neuronParameters()
                + (text.mlpBias() ? text.hiddenSize() : 0) + 2L * text.hiddenSize();
    }

    /** The attention block of {@code heads} query and {@code kvHeads} key/value heads. */
    public long attentionParameters(int heads, int kvHeads) {
        long d = text.hiddenSize();
        long hd = text.headDim();
        long qkvBias = text.qkvBias() ? hd * (heads + 2L * kvHeads) : 0;
        return d * hd * (2L * heads + 2L * kvHeads) + qkvBias + (text.oBias() ? d : 0);
    }

    /** One MLP neuron: a gate row, an up row and a down column (and the gate/up bias entries). */
    public long neuronParameters() {
        return 3L * text.hiddenSize() + (text.mlpBias() ? 2 : 0);
    }

    public long decoderParameters() {
        return layers.stream().mapToLong(this::layerParameters).sum();
    }

    /** Token embeddings, lm_head (once when tied) and the final norm: never pruned, reported beside the decoder. */
    public long embeddingParameters() {
        long vd = (long) text.vocabSize() * text.hiddenSize();
        return vd * (text.tieWordEmbeddings() ? 1 : 2) + text.hiddenSize();
    }
}
