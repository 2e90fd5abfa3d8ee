package dev.lvlmserve.bench.scene;

import java.util.Locale;

/** The four shapes. Chosen so that their silhouettes differ even at 9 pixels across. */
public enum Shape {
    CIRCLE("circles"),
    SQUARE("squares"),
    TRIANGLE("triangles"),
    CROSS("crosses");

    private final String plural;

    Shape(String plural) {
        this.plural = plural;
    }

    /** The English word used in prompts, e.g. {@code "circle"}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The plural used in counting questions, e.g. {@code "crosses"}. */
    public String plural() {
        return plural;
    }
}
