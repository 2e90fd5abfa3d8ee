package dev.lvlmserve.model.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one table between the two key vintages of llava-hf checkpoints and this project's canonical names.
 *
 * <p>Canonical is the older layout ({@link Vintage#LEGACY}, transformers &lt; 4.52), which most published llava-hf
 * checkpoints still use. transformers 4.52 moved the language model under {@code model.} and hoisted
 * {@code lm_head} ({@link Vintage#MODERN}). The mapping is by prefix; keys outside every known prefix are passed
 * through unchanged so that strict loading reports them as unexpected rather than this class guessing.
 */
public final class KeyMapping {
    /** Which checkpoint layout a key set follows. */
    public enum Vintage {
        /** {@code language_model.model.*}, {@code language_model.lm_head.*}, {@code vision_tower.*}: canonical. */
        LEGACY,
        /** {@code model.language_model.*}, {@code lm_head.*}, {@code model.vision_tower.*} (transformers ≥ 4.52). */
        MODERN
    }

    /** A prefix in each vintage; order matters only for readability, the prefixes are disjoint. */
    private record Rule(String legacy, String modern) {}

    private static final List<Rule> RULES = List.of(
            new Rule("language_model.model.", "model.language_model."),
            new Rule("language_model.lm_head.", "lm_head."),
            new Rule("vision_tower.", "model.vision_tower."),
            new Rule("multi_modal_projector.", "model.multi_modal_projector."));

    private static final int EXAMPLES = 3;

    private KeyMapping() {}

    /** The canonical (legacy) name of a checkpoint key of either vintage. */
    public static String canonical(String checkpointKey) {
        for (Rule r : RULES) {
            if (checkpointKey.startsWith(r.modern())) {
                return r.legacy() + checkpointKey.substring(r.modern().length());
            }
        }
        return checkpointKey;
    }

    /** The name a canonical key has in a checkpoint of vintage {@code v} (used when exporting). */
    public static String toVintage(String canonicalKey, Vintage v) {
        if (v == Vintage.LEGACY) {
            return canonicalKey;
        }
        for (Rule r : RULES) {
            if (canonicalKey.startsWith(r.legacy())) {
                return r.modern() + canonicalKey.substring(r.legacy().length());
            }
        }
        return canonicalKey;
    }

    /**
     * The vintage of a checkpoint's keys. A checkpoint with no recognised key is treated as legacy (strict loading
     * then reports the keys); one mixing both layouts is rejected, since a key could then be loaded twice.
     */
    public static Vintage detect(Set<String> keys) {
        List<String> legacy = new ArrayList<>();
        List<String> modern = new ArrayList<>();
        for (String key : keys) {
            Vintage v = vintageOf(key);
            if (v == Vintage.LEGACY) {
                legacy.add(key);
            } else if (v == Vintage.MODERN) {
                modern.add(key);
            }
        }
        if (!legacy.isEmpty() && !modern.isEmpty()) {
            throw new CheckpointException("checkpoint mixes key vintages: " + legacy.size() + " legacy keys (e.g. "
                    + KeyListing.of(legacy, EXAMPLES) + ") and " + modern.size() + " modern keys (e.g. "
                    + KeyListing.of(modern, EXAMPLES) + ")");
        }
        return modern.isEmpty() ? Vintage.LEGACY : Vintage.MODERN;
    }

    /**
     * Buffers some exporters persist that carry no learned weights: RoPE's {@code inv_freq} (recomputed from the
     * config) and CLIP's {@code position_ids} (an arange).
     */
    public static boolean ignorable(String canonicalKey) {
        return canonicalKey.endsWith(".rotary_emb.inv_freq")
                || canonicalKey.equals("vision_tower.vision_model.embeddings.position_ids");
    }

    /** The vintage a single key belongs to, or null if it is under no known prefix. */
    static Vintage vintageOf(String key) {
        for (Rule r : RULES) {
            if (key.startsWith(r.modern())) {
                return Vintage.MODERN;
            }
        }
        for (Rule r : RULES) {
            if (key.startsWith(r.legacy())) {
                return Vintage.LEGACY;
            }
        }
        return null;
    }
}
