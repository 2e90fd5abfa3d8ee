package dev.lvlmserve.recovery;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which losses a recovery minimises, written as parts joined by {@code +}: {@code ce} (answer cross-entropy, SFT),
 * {@code logit} (forward KL to the teacher's answer distribution at a temperature), {@code hidden} (MSE to the
 * teacher's final normed hidden states). With cross-entropy and a distillation part the total is
 * α·distill + (1−α)·CE, as in the study's code; with only one kind, it is that kind alone.
 */
public record RecoveryLoss(boolean ce, boolean logit, boolean hidden) {
    public static final RecoveryLoss DEFAULT = new RecoveryLoss(true, false, true);

    public RecoveryLoss {
        if (!ce && !logit && !hidden) {
            throw new InvalidRecoveryRequest("loss", "the loss needs at least one part (ce, logit, hidden)");
        }
    }

    public boolean distills() {
        return logit || hidden;
    }

    /** e.g. {@code ce+hidden}: parts in a fixed order, so equal losses print alike. */
    @JsonValue
    public String name() {
        List<String> parts = new ArrayList<>();
        if (ce) {
            parts.add("ce");
        }
        if (logit) {
            parts.add("logit");
        }
        if (hidden) {
            parts.add("hidden");
        }
        return String.join("+", parts);
    }

    @JsonCreator
    public static RecoveryLoss parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRecoveryRequest("loss", "the loss is empty; use parts of ce, logit, hidden joined by +");
        }
        Set<String> parts = new LinkedHashSet<>();
        for (String p : text.split("\\+", -1)) {
            String part = p.strip();
            if (!List.of("ce", "logit", "hidden").contains(part)) {
                throw new InvalidRecoveryRequest("loss", "unknown loss part '" + abbreviate(part) + "' (valid: ce, "
                        + "logit, hidden, joined by +, e.g. ce+hidden)");
            }
            if (!parts.add(part)) {
                throw new InvalidRecoveryRequest("loss", "the loss names '" + part + "' twice");
            }
        }
        return new RecoveryLoss(parts.contains("ce"), parts.contains("logit"), parts.contains("hidden"));
    }

    private static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 24) + "…";
    }

    @Override
    public String toString() {
        return name();
    }
}
