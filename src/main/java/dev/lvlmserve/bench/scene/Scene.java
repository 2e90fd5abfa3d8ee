package dev.lvlmserve.bench.scene;

import java.util.Comparator;
import java.util.List;

/**
 * A scene graph: 1–6 objects, at most one per cell, stored in row-major cell order so that two scenes with the same
 * content are {@code equals} whatever order they were built in.
 */
public record Scene(List<SceneObject> objects) {
    public static final int MIN_OBJECTS = 1;
    public static final int MAX_OBJECTS = 6;

    public Scene {
        if (objects.size() < MIN_OBJECTS || objects.size() > MAX_OBJECTS) {
            throw new IllegalArgumentException("a scene holds 1 to 6 objects, got " + objects.size());
        }
        objects = objects.stream().sorted(Comparator.comparingInt(SceneObject::cell)).toList();
        for (int i = 1; i < objects.size(); i++) {
            if (objects.get(i).cell() == objects.get(i - 1).cell()) {
                throw new IllegalArgumentException("two objects share cell " + objects.get(i).cell());
            }
        }
    }

    /**
     * A 64-bit content hash, stable across JVMs (no {@code hashCode} of enums, which is identity-based). Used to
     * assign scenes to splits and to name image files.
     */
    public long fingerprint() {
        long h = 0x9E3779B97F4A7C15L;
        for (SceneObject o : objects) {
            long code = ((((long) o.cell() * 4 + o.shape().ordinal()) * 6 + o.colour().ordinal()) * 2)
                    + o.size().ordinal();
            h = mix(h ^ (code + 1));
        }
        return mix(h + objects.size());
    }

    /** The splitmix64 finaliser: a good avalanche for cheap, well-known constants. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
