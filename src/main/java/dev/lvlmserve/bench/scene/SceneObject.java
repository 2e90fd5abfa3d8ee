package dev.lvlmserve.bench.scene;

import java.util.Objects;

/**
 * One object on the 3×3 grid.
 *
 * @param row 0 (top) to 2 (bottom)
 * @param col 0 (left) to 2 (right)
 */
public record SceneObject(Shape shape, Colour colour, Size size, int row, int col) {
    /** Side of the grid: 3 rows and 3 columns. */
    public static final int GRID = 3;

    public SceneObject {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(size, "size");
        if (row < 0 || row >= GRID || col < 0 || col >= GRID) {
            throw new IllegalArgumentException("cell (" + row + ", " + col + ") is outside the 3x3 grid");
        }
    }

    /** Row-major cell index 0..8, used for ordering and fingerprints. */
    public int cell() {
        return row * GRID + col;
    }
}
