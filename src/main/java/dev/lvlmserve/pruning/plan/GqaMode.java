package dev.lvlmserve.pruning.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * How widthwise pruning removes attention heads under grouped-query attention (the study's backbones have none,
 * DESIGN §4): whole key/value groups with all their query heads, or the same number of query heads inside every
 * group (key/value heads all stay). Without GQA (one query head per key/value head) both remove whole heads.
 */
public enum GqaMode {
    GROUPS("groups"),
    HEADS("heads");

    private final String jsonName;

    GqaMode(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static GqaMode parse(String name) {
        for (GqaMode m : values()) {
            if (m.jsonName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown gqa mode '" + name + "' (valid: "
                + Arrays.stream(values()).map(GqaMode::jsonName).toList() + ")");
    }
}
