package dev.lvlmserve.bench.scene;

import java.awt.Color;
import java.util.Locale;

/**
 * The six colours. Picked far apart in RGB (no orange: it sits between red and yellow and would be the first
 * confusion of a tiny ViT) and none starting with a vowel, so "a {colour} {shape}" is always grammatical.
 */
public enum Colour {
    RED(new Color(220, 30, 30)),
    GREEN(new Color(30, 160, 50)),
    BLUE(new Color(30, 70, 230)),
    YELLOW(new Color(240, 210, 0)),
    PURPLE(new Color(150, 50, 190)),
    BLACK(new Color(20, 20, 20));

    private final Color rgb;

    Colour(Color rgb) {
        this.rgb = rgb;
    }

    /** The English word used in prompts, e.g. {@code "red"}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The fill colour used by the renderer. */
    public Color rgb() {
        return rgb;
    }
}
