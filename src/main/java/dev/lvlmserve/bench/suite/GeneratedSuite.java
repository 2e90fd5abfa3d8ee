package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneGenerator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The generation loop every suite shares: seed an item, draw scenes of the requested split until the suite can ask
 * an unambiguous question about one, and hand out its samples.
 *
 * <p>An item is a group of {@code groupSize} consecutive samples on one scene: MME's yes/no pair (2), MMBench's
 * circular rotations (4), or a single question (1). Subclasses pick the question kind from the item index so kinds
 * stay balanced: rejection redraws the scene, never the kind.
 */
abstract class GeneratedSuite implements BenchmarkSuite {
    private static final int MAX_ATTEMPTS = 10_000;

    private final String name;
    private final int groupSize;
    private final int minObjects;

    GeneratedSuite(String name, int groupSize, int minObjects) {
        this.name = name;
        this.groupSize = groupSize;
        this.minObjects = minObjects;
    }

    /** The item's questions (exactly {@code groupSize}), or empty when this scene would make them ambiguous. */
    abstract Optional<List<Draft>> compose(Scene scene, int item, SplittableRandom random);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Sample sample(Split split, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("sample index must be >= 0, got " + index);
        }
        int item = index / groupSize;
        var random = new SplittableRandom(Seeds.of(name, split, item));
        var scenes = new SceneGenerator(random.nextLong());
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Scene scene = scenes.next(minObjects, Scene.MAX_OBJECTS);
            if (Split.of(scene) != split) {
                continue;
            }
            Optional<List<Draft>> drafts = compose(scene, item, random);
            if (drafts.isPresent()) {
                Draft d = drafts.get().get(index % groupSize);
                String id = String.format(Locale.ROOT, "%s-%s-%05d", name, split.label(), index);
                return new Sample(id, name, scene, d.question(), d.options(), d.answer(), d.metadata());
            }
        }
        throw new IllegalStateException(name + " found no usable scene for item " + item + " of " + split);
    }

    @Override
    public String toString() {
        return name;
    }
}
