package dev.lvlmserve.bench.scene;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws random scenes from a seed; the same seed always yields the same sequence of scenes.
 *
 * <p>Object types (colour × shape) are drawn from a mildly skewed prior, like object classes in real image datasets:
 * it gives POPE's "popular" negative sampling a real frequency ranking to work with, while the rarest type is still
 * a third as likely as the most common one, so a small model sees every type often during training.
 */
public final class SceneGenerator {
    private static final int[] COLOUR_WEIGHTS = {5, 4, 4, 3, 3, 2}; // RED, GREEN, BLUE, YELLOW, PURPLE, BLACK
    private static final int[] SHAPE_WEIGHTS = {3, 3, 2, 2}; // CIRCLE, SQUARE, TRIANGLE, CROSS

    private final SplittableRandom random;

    public SceneGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next scene, with 1 to 6 objects (uniform). */
    public Scene next() {
        return next(Scene.MIN_OBJECTS, Scene.MAX_OBJECTS);
    }

    /** The next scene, with a uniform number of objects in {@code [minObjects, maxObjects]}. */
    public Scene next(int minObjects, int maxObjects) {
        if (minObjects < Scene.MIN_OBJECTS || maxObjects > Scene.MAX_OBJECTS || minObjects > maxObjects) {
            throw new IllegalArgumentException("object count range [" + minObjects + ", " + maxObjects + "]");
        }
        int n = random.nextInt(minObjects, maxObjects + 1);
        int[] cells = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        for (int i = 0; i < n; i++) { // partial Fisher–Yates: the first n cells are a uniform sample
            int j = random.nextInt(i, cells.length);
            int t = cells[i];
            cells[i] = cells[j];
            cells[j] = t;
        }
        List<SceneObject> objects = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Shape shape = Shape.values()[weighted(SHAPE_WEIGHTS)];
            Colour colour = Colour.values()[weighted(COLOUR_WEIGHTS)];
            Size size = random.nextBoolean() ? Size.LARGE : Size.SMALL;
            objects.add(new SceneObject(shape, colour, size, cells[i] / SceneObject.GRID, cells[i] % SceneObject.GRID));
        }
        return new Scene(objects);
    }

    /** Probability that one drawn object has this colour and shape: the dataset-wide type frequency. */
    public static double typeFrequency(Colour colour, Shape shape) {
        return (double) COLOUR_WEIGHTS[colour.ordinal()] / sum(COLOUR_WEIGHTS)
                * SHAPE_WEIGHTS[shape.ordinal()] / sum(SHAPE_WEIGHTS);
    }

    private int weighted(int[] weights) {
        int r = random.nextInt(sum(weights));
        int i = 0;
        while (r >= weights[i]) {
            r -= weights[i++];
        }
        return i;
    }

    private static int sum(int[] weights) {
        int s = 0;
        for (int w : weights) {
            s += w;
        }
        return s;
    }
}
