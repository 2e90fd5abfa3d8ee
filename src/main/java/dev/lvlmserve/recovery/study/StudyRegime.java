package dev.lvlmserve.recovery.study;

import dev.lvlmserve.recovery.RecoveryOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row family of the study: the study's recovery settings by name (projector-only, LoRA SFT, LoRA SFT + logit
 * KD, LoRA SFT + hidden KD); everything else takes {@link RecoveryOptions}' defaults.
 */
public record StudyRegime(String name, String label, String regime, String loss) {
    public static final String ZERO_SHOT = "zero-shot";

    public static final List<StudyRegime> GRID = List.of(
            new StudyRegime("projector", "projector-only", "projector", "ce"),
            new StudyRegime("lora-sft", "LoRA SFT", "lora", "ce"),
            new StudyRegime("lora-logit", "LoRA SFT + logit KD", "lora", "ce+logit"),
            new StudyRegime("lora-hidden", "LoRA SFT + hidden KD", "lora", "ce+hidden"));

    /** The grid regime called {@code name} ({@code projector}, {@code lora-sft}, {@code lora-logit}, {@code lora-hidden}). */
    public static StudyRegime byName(String name) {
        return GRID.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown study regime '" + name + "'; valid: "
                        + GRID.stream().map(StudyRegime::name).toList()));
    }

    /**
     * @param steps null: one pass over the fraction
     */
    public RecoveryOptions options(Integer steps, double fraction, int batchSize, long seed) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("regime", regime);
        o.put("loss", loss);
        o.put("data_fraction", fraction);
        o.put("batch_size", batchSize);
        o.put("seed", seed);
        if (steps != null) {
            o.put("steps", steps);
        }
        o.put("validation_examples", 16);
        o.put("validation_samples", 0); // the TEST score after the run is what the study reports
        o.put("validate_every", 0);
        return RecoveryOptions.of(o);
    }
}
