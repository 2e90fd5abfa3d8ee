package dev.lvlmserve.recovery;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lvlmserve.model.config.Json;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One recovery's settings, validated on construction (every refusal names its field): what is trained
 * ({@link RecoveryRegime}), on which losses, on how much data, for how long. Missing values take the defaults below
 * (the study's where it has one: α = 0.5, T = 2, LoRA α = 2·rank, warm-up 3 %, cosine decay, no weight decay).
 *
 * @param alpha weight of the distillation parts against cross-entropy, in [0, 1]
 * @param temperature logit distillation's temperature T (the KL is scaled by T²)
 * @param loraRank rank r of every adapter (clamped per module to min(in, out))
 * @param loraAlpha LoRA's α; adapters act with scale α / r
 * @param dataFraction the fraction of the training data drawn (with {@code seed}), in (0, 1]
 * @param steps optimizer steps; null: one pass over the drawn fraction (or what the time budget allows)
 * @param timeBudgetSeconds wall-clock limit of the training loop; null: none
 * @param learningRate AdamW's peak rate; null: the regime's default ({@link #defaultLearningRate})
 * @param validateEvery steps between validations on the VALIDATION split; null: four times per run; 0: only at the end
 * @param validationExamples held-out examples whose recovery loss is tracked
 * @param validationSamples VALIDATION samples per suite scored for accuracy at each validation (0: none)
 * @param hiddenLayers base layer ids (retained ones) whose outputs are also matched to the teacher's, for
 *     layer-pruned students; empty: the final normed hidden state only
 */
public record RecoveryOptions(
        @JsonProperty("regime") RecoveryRegime regime,
        @JsonProperty("loss") RecoveryLoss loss,
        @JsonProperty("alpha") Double alpha,
        @JsonProperty("temperature") Double temperature,
        @JsonProperty("lora_rank") Integer loraRank,
        @JsonProperty("lora_alpha") Double loraAlpha,
        @JsonProperty("lora_targets") List<LoraTarget> loraTargets,
        @JsonProperty("data_fraction") Double dataFraction,
        @JsonProperty("steps") Integer steps,
        @JsonProperty("time_budget_seconds") Double timeBudgetSeconds,
        @JsonProperty("seed") Long seed,
        @JsonProperty("batch_size") Integer batchSize,
        @JsonProperty("learning_rate") Double learningRate,
        @JsonProperty("warmup_ratio") Double warmupRatio,
        @JsonProperty("weight_decay") Double weightDecay,
        @JsonProperty("grad_clip") Double gradClip,
        @JsonProperty("validate_every") Integer validateEvery,
        @JsonProperty("validation_examples") Integer validationExamples,
        @JsonProperty("validation_samples") Integer validationSamples,
        @JsonProperty("hidden_layers") List<Integer> hiddenLayers) {

    private static final ObjectMapper STRICT =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public static final RecoveryOptions DEFAULT = new RecoveryOptions(null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null);

    public RecoveryOptions {
        regime = regime == null ? RecoveryRegime.LORA : regime;
        loss = loss == null ? RecoveryLoss.DEFAULT : loss;
        alpha = in("alpha", alpha, 0.5, 0, 1);
        temperature = in("temperature", temperature, 2.0, 1e-3, 100);
        loraRank = (int) in("lora_rank", loraRank == null ? null : loraRank.doubleValue(), 16, 1, 4096);
        loraAlpha = in("lora_alpha", loraAlpha, 2.0 * loraRank, 1e-6, 1e6);
        loraTargets = loraTargets == null ? LoraTarget.all() : List.copyOf(loraTargets);
        if (loraTargets.isEmpty() && regime == RecoveryRegime.LORA) {
            throw new InvalidRecoveryRequest("lora_targets", "the lora regime needs at least one target");
        }
        dataFraction = in("data_fraction", dataFraction, 0.05, 0, 1);
        if (dataFraction == 0) {
            throw new InvalidRecoveryRequest("data_fraction", "data_fraction must be in (0, 1], was 0");
        }
        if (steps != null) {
            in("steps", steps.doubleValue(), 1, 1, 1_000_000);
        }
        if (timeBudgetSeconds != null) {
            in("time_budget_seconds", timeBudgetSeconds, 1, 1, 7 * 24 * 3600);
        }
        seed = seed == null ? 0L : seed;
        batchSize = (int) in("batch_size", batchSize == null ? null : batchSize.doubleValue(), 16, 1, 1024);
        learningRate = in("learning_rate", learningRate, defaultLearningRate(regime), 1e-9, 1);
        warmupRatio = in("warmup_ratio", warmupRatio, 0.03, 0, 0.5);
        weightDecay = in("weight_decay", weightDecay, 0.0, 0, 0.5);
        gradClip = in("grad_clip", gradClip, 1.0, 0, 1e6);
        if (validateEvery != null) {
            in("validate_every", validateEvery.doubleValue(), 0, 0, 1_000_000);
        }
        validationExamples = (int) in("validation_examples", validationExamples == null ? null
                : validationExamples.doubleValue(), 32, 0, 10_000);
        validationSamples = (int) in("validation_samples", validationSamples == null ? null
                : validationSamples.doubleValue(), 8, 0, 1000);
        hiddenLayers = hiddenLayers == null ? List.of() : List.copyOf(hiddenLayers);
        if (!hiddenLayers.isEmpty() && !loss.hidden()) {
            throw new InvalidRecoveryRequest("hidden_layers", "hidden_layers needs the hidden part in the loss");
        }
        if (hiddenLayers.stream().anyMatch(l -> l < 0)) {
            throw new InvalidRecoveryRequest("hidden_layers", "hidden_layers are layer ids ≥ 0");
        }
    }

    /** Peak learning rates that worked on the default model (see docs/results/structural.md). */
    public static double defaultLearningRate(RecoveryRegime regime) {
        return switch (regime) {
            case PROJECTOR, LORA -> 1e-3;
            case FULL -> 2e-4;
        };
    }

    /** These options with the training loop limited to {@code seconds} of wall time. */
    public RecoveryOptions withTimeBudgetSeconds(double seconds) {
        return new RecoveryOptions(regime, loss, alpha, temperature, loraRank, loraAlpha, loraTargets, dataFraction,
                steps, seconds, seed, batchSize, learningRate, warmupRatio, weightDecay, gradClip, validateEvery,
                validationExamples, validationSamples, hiddenLayers);
    }

    /** The scale an adapter acts with: α / r (PEFT's {@code lora_alpha / r}). */
    public double loraScale() {
        return loraAlpha / loraRank;
    }

    private static double in(String field, Double value, double fallback, double lo, double hi) {
        double v = value == null ? fallback : value;
        if (!(v >= lo && v <= hi)) {
            throw new InvalidRecoveryRequest(field, field + " must be in [" + plain(lo) + ", " + plain(hi)
                    + "], was " + value);
        }
        return v;
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** Options from JSON; an unknown field or a bad value is an {@link InvalidRecoveryRequest} naming the field. */
    public static RecoveryOptions fromJson(String json) {
        try {
            return STRICT.readValue(json, RecoveryOptions.class);
        } catch (JacksonException e) {
            throw refusal(e);
        }
    }

    /** Options from field name → value (the API's names, e.g. {@code data_fraction}); refusals as in fromJson. */
    public static RecoveryOptions of(Map<String, ?> fields) {
        try {
            return STRICT.convertValue(fields, RecoveryOptions.class);
        } catch (JacksonException e) {
            throw refusal(e);
        }
    }

    private static InvalidRecoveryRequest refusal(JacksonException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidRecoveryRequest r) {
                return r;
            }
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return new InvalidRecoveryRequest(u.getPropertyName(), "unknown recovery field '" + u.getPropertyName()
                    + "'");
        }
        String field = e.getPath().isEmpty() ? "recovery" : String.valueOf(e.getPath().getFirst().getPropertyName());
        return new InvalidRecoveryRequest(field, "invalid value for " + field);
    }

    public String toJson() {
        return Json.MAPPER.writeValueAsString(this);
    }
}
