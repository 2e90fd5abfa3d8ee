package dev.lvlmserve.serving.variants;

import java.util.regex.Pattern;

/**
 * Variant names double as directory names, so they are restricted to a safe alphabet (no separators, no leading
 * dot: temporary directories start with one) and may not be {@code default}, which means "the current default".
 */
public final class VariantNames {
    public static final String DEFAULT_ALIAS = "default";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private VariantNames() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches() && !name.equals(DEFAULT_ALIAS);
    }

    public static boolean meansDefault(String name) {
        return name == null || name.isBlank() || name.equals(DEFAULT_ALIAS);
    }
}
