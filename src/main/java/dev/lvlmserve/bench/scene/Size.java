package dev.lvlmserve.bench.scene;

import java.util.Locale;

/** Two sizes, as a fraction of the grid cell: far enough apart to be unambiguous at 64×64. */
public enum Size {
    SMALL(0.45),
    LARGE(0.80);

    private final double cellFraction;

    Size(double cellFraction) {
        this.cellFraction = cellFraction;
    }

    /** The English word used in prompts, e.g. {@code "small"}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Side of the object's bounding box relative to the cell side. */
    public double cellFraction() {
        return cellFraction;
    }
}
