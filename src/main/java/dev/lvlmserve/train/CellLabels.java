package dev.lvlmserve.train;

import dev.lvlmserve.bench.scene.Colour;
import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneObject;
import dev.lvlmserve.bench.scene.Shape;
import dev.lvlmserve.bench.scene.Size;

/**
 * Per image position, the classes of what the scene has in that position's grid cell: colour, shape and size, each
 * with 0 = empty. These drive the auxiliary patch loss: trained end to end from scratch with one answer token per
 * sample, the vision tower collapsed to "object here or not" (colour and shape differences in its output shrank from
 * ~95 % to ~6 % within 300 steps); a direct per-patch signal keeps what each object is in the image features.
 */
public final class CellLabels {
    public static final int COLOURS = Colour.values().length + 1;
    public static final int SHAPES = Shape.values().length + 1;
    public static final int SIZES = Size.values().length + 1;
    public static final int CLASSES = COLOURS + SHAPES + SIZES;

    private CellLabels() {}

    /**
     * The word each non-empty class is named by, in class order (colours, shapes, sizes, each after its "empty"
     * class, which has no word: null there). The embedding-tied probe scores a position against these words' input
     * embeddings.
     */
    public static java.util.List<String> classWords() {
        java.util.List<String> words = new java.util.ArrayList<>();
        words.add(null);
        for (Colour c : Colour.values()) {
            words.add(c.word());
        }
        words.add(null);
        for (Shape s : Shape.values()) {
            words.add(s.word());
        }
        words.add(null);
        for (Size s : Size.values()) {
            words.add(s.word());
        }
        return words;
    }

    /** The class of a colour (0 is "empty"). */
    public static int colourClass(Colour c) {
        return c.ordinal() + 1;
    }

    /** The class of a shape (0 is "empty"). */
    public static int shapeClass(Shape s) {
        return s.ordinal() + 1;
    }

    /** The image positions (row-major over a {@code perSide}² grid) that fall in the scene's cell (row, col). */
    public static int[] patchesOf(int row, int col, int perSide) {
        return java.util.stream.IntStream.range(0, perSide * perSide)
                .filter(p -> (p / perSide) * SceneObject.GRID / perSide == row
                        && (p % perSide) * SceneObject.GRID / perSide == col)
                .toArray();
    }

    /** 3 ints per position (colour, shape, size classes) for a square grid of {@code perSide}² positions. */
    public static int[] of(Scene scene, int perSide) {
        int[] out = new int[perSide * perSide * 3];
        for (int pr = 0; pr < perSide; pr++) {
            for (int pc = 0; pc < perSide; pc++) {
                int row = pr * SceneObject.GRID / perSide;
                int col = pc * SceneObject.GRID / perSide;
                int base = (pr * perSide + pc) * 3;
                for (SceneObject o : scene.objects()) {
                    if (o.row() == row && o.col() == col) {
                        out[base] = colourClass(o.colour());
                        out[base + 1] = shapeClass(o.shape());
                        out[base + 2] = o.size().ordinal() + 1;
                    }
                }
            }
        }
        return out;
    }
}
