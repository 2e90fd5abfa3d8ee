package dev.lvlmserve.model.config;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mirrors the {@code text_config} of a llava-hf {@code config.json} (transformers' {@code LlamaConfig}, and the
 * Qwen2 / Mistral configs, which differ from it only by the flags below).
 *
 * @param modelType {@code llama}, {@code mistral} or {@code qwen2}
 * @param attentionBias q/k/v/o biases (LLaMA {@code attention_bias}); Qwen2 always has q/k/v biases and never
 *     others, Mistral none (their configs have no such key, so only LLaMA may set this)
 * @param mlpBias gate/up/down biases (LLaMA {@code mlp_bias}; only LLaMA may set it)
 * @param ropeScalingFactor linear RoPE scaling factor ({@code rope_scaling: {type: linear, factor}}), 1 when absent
 * @param tieWordEmbeddings {@code lm_head} shares {@code embed_tokens}; read from {@code text_config} alone
 * @param slidingWindow attention window of every layer in positions (Mistral's {@code sliding_window}, Qwen2's
 *     when {@code use_sliding_window} applies to all layers); 0 for full causal attention
 */
public record TextConfig(
        String modelType,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDimOverride,
        String hiddenAct,
        int maxPositionEmbeddings,
        double rmsNormEps,
        double ropeTheta,
        double ropeScalingFactor,
        boolean attentionBias,
        boolean mlpBias,
        boolean tieWordEmbeddings,
        long bosTokenId,
        long eosTokenId,
        long padTokenId,
        int slidingWindow) {

    /** Full causal attention (no sliding window). */
    public TextConfig(String modelType, int vocabSize, int hiddenSize, int intermediateSize, int numHiddenLayers,
            int numAttentionHeads, int numKeyValueHeads, int headDimOverride, String hiddenAct,
            int maxPositionEmbeddings, double rmsNormEps, double ropeTheta, double ropeScalingFactor,
            boolean attentionBias, boolean mlpBias, boolean tieWordEmbeddings, long bosTokenId, long eosTokenId,
            long padTokenId) {
        this(modelType, vocabSize, hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads,
                numKeyValueHeads, headDimOverride, hiddenAct, maxPositionEmbeddings, rmsNormEps, ropeTheta,
                ropeScalingFactor, attentionBias, mlpBias, tieWordEmbeddings, bosTokenId, eosTokenId, padTokenId, 0);
    }

    public TextConfig {
        ConfigChecks.positive("text_config.hidden_size", hiddenSize);
        ConfigChecks.positive("text_config.num_hidden_layers", numHiddenLayers);
        ConfigChecks.positive("text_config.num_attention_heads", numAttentionHeads);
        ConfigChecks.positive("text_config.num_key_value_heads", numKeyValueHeads);
        ConfigChecks.positive("text_config.vocab_size", vocabSize);
        ConfigChecks.positive("text_config.intermediate_size", intermediateSize);
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new ConfigException("text_config.num_attention_heads (" + numAttentionHeads
                    + ") must be a multiple of num_key_value_heads (" + numKeyValueHeads + ")");
        }
        if (headDimOverride <= 0 && hiddenSize % numAttentionHeads != 0) {
            throw new ConfigException("text_config.hidden_size (" + hiddenSize
                    + ") is not divisible by num_attention_heads (" + numAttentionHeads + ")");
        }
        if (!hiddenAct.equals("silu")) {
            throw new ConfigException("text_config.hidden_act '" + hiddenAct + "' is not supported (only silu)");
        }
        if (!(modelType.equals("llama") || modelType.equals("mistral") || modelType.equals("qwen2"))) {
            throw new ConfigException("text_config.model_type '" + modelType + "' is not supported "
                    + "(llama, mistral, qwen2)");
        }
        if (!modelType.equals("llama") && (attentionBias || mlpBias)) {
            throw new ConfigException("text_config." + (attentionBias ? "attention_bias" : "mlp_bias")
                    + " is a LLaMA setting; transformers' " + modelType + " model does not read it");
        }
        if (slidingWindow < 0) {
            throw new ConfigException("text_config.sliding_window must be positive, was " + slidingWindow);
        }
        if (headDimOverride > 0 && headDimOverride % 2 != 0) {
            throw new ConfigException("text_config.head_dim (" + headDimOverride + ") must be even for RoPE");
        }
    }

    /** Size of one attention head ({@code head_dim}, or hidden / heads when absent). */
    public int headDim() {
        return headDimOverride > 0 ? headDimOverride : hiddenSize / numAttentionHeads;
    }

    /** How many query heads share one key/value head (grouped-query attention). */
    public int numKeyValueGroups() {
        return numAttentionHeads / numKeyValueHeads;
    }

    /** Qwen2 has biases on q/k/v but not o; LLaMA's {@code attention_bias} puts them on all four. */
    public boolean qkvBias() {
        return attentionBias || modelType.equals("qwen2");
    }

    public boolean oBias() {
        return attentionBias;
    }

    public TextConfig withNumHiddenLayers(int layers) {
        return new TextConfig(modelType, vocabSize, hiddenSize, intermediateSize, layers, numAttentionHeads,
                numKeyValueHeads, headDimOverride, hiddenAct, maxPositionEmbeddings, rmsNormEps, ropeTheta,
                ropeScalingFactor, attentionBias, mlpBias, tieWordEmbeddings, bosTokenId, eosTokenId, padTokenId,
                slidingWindow);
    }

    /**
     * Reads a {@code text_config} object with the defaults of transformers' config class for its model type.
     * {@code tie_word_embeddings} is read from here alone (LlamaConfig, MistralConfig and Qwen2Config all default
     * to false): transformers ties LLaVA's lm_head by the text config, not by the top-level flag.
     */
    static TextConfig fromJson(JsonNode n) {
        String type = Json.text(n, "model_type", "llama");
        double factor = 1.0;
        JsonNode scaling = n.get("rope_scaling");
        if (scaling != null && !scaling.isNull()) {
            String kind = Json.text(scaling, "rope_type", Json.text(scaling, "type", "default"));
            if (!kind.equals("linear") && !kind.equals("default")) {
                throw new ConfigException("text_config.rope_scaling type '" + kind + "' is not supported (linear)");
            }
            factor = Json.dbl(scaling, "factor", 1.0);
        }
        int heads = Json.integer(n, "num_attention_heads", 32);
        return new TextConfig(
                type,
                Json.integer(n, "vocab_size", 32000),
                Json.integer(n, "hidden_size", 4096),
                Json.integer(n, "intermediate_size", 11008),
                Json.integer(n, "num_hidden_layers", 32),
                heads,
                Json.integer(n, "num_key_value_heads", heads),
                Json.integer(n, "head_dim", 0),
                Json.text(n, "hidden_act", "silu"),
                Json.integer(n, "max_position_embeddings", 2048),
                Json.dbl(n, "rms_norm_eps", 1e-6),
                Json.dbl(n, "rope_theta", 10000.0),
                factor,
                // Mistral's and Qwen2's configs have no bias keys: transformers ignores them there, and so do we.
                type.equals("llama") && Json.bool(n, "attention_bias", false),
                type.equals("llama") && Json.bool(n, "mlp_bias", false),
                Json.bool(n, "tie_word_embeddings", false),
                Json.lng(n, "bos_token_id", 1),
                Json.lng(n, "eos_token_id", 2),
                Json.lng(n, "pad_token_id", -1),
                SlidingWindows.fromJson(n, type, Json.integer(n, "num_hidden_layers", 32)));
    }

    ObjectNode toJson(ObjectNode o) {
        o.put("model_type", modelType);
        o.put("vocab_size", vocabSize);
        o.put("hidden_size", hiddenSize);
        o.put("intermediate_size", intermediateSize);
        o.put("num_hidden_layers", numHiddenLayers);
        o.put("num_attention_heads", numAttentionHeads);
        o.put("num_key_value_heads", numKeyValueHeads);
        if (headDimOverride > 0) {
            o.put("head_dim", headDimOverride);
        }
        o.put("hidden_act", hiddenAct);
        o.put("max_position_embeddings", maxPositionEmbeddings);
        o.put("rms_norm_eps", rmsNormEps);
        o.put("rope_theta", ropeTheta);
        if (ropeScalingFactor != 1.0) {
            o.putObject("rope_scaling").put("rope_type", "linear").put("type", "linear").put("factor",
                    ropeScalingFactor);
        } else {
            o.putNull("rope_scaling");
        }
        o.put("attention_bias", attentionBias);
        o.put("mlp_bias", mlpBias);
        o.put("tie_word_embeddings", tieWordEmbeddings);
        SlidingWindows.toJson(o, modelType, slidingWindow, numHiddenLayers);
        o.put("bos_token_id", bosTokenId);
        o.put("eos_token_id", eosTokenId);
        if (padTokenId >= 0) {
            o.put("pad_token_id", padTokenId);
        }
        o.put("torch_dtype", "float32");
        return o;
    }
}
