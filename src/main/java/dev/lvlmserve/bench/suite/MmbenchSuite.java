package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.ObjectType;
import dev.lvlmserve.bench.scene.Scene;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * MMBench-style single choice (A–D) with CircularEval: every question appears four times, its options shifted
 * circularly by 0..3 (rotation r shows original option (j + r) mod 4 at position j), as four consecutive samples.
 * Categories (colour, shape, count, position) are cycled over questions.
 *
 * <p>Headline: CircularEval accuracy in percent — a question counts only if all its rotations present are right.
 * Details add the plain per-sample accuracy.
 */
final class MmbenchSuite extends GeneratedSuite {
    static final String GROUP = "mmbench.group";
    static final String ROTATION = "mmbench.rotation";
    static final String CATEGORY = "mmbench.category";

    enum Category {
        COLOUR,
        SHAPE,
        COUNT,
        POSITION
    }

    MmbenchSuite() {
        super("mmbench", Options.FOUR, 1);
    }

    @Override
    Optional<List<Draft>> compose(Scene scene, int item, SplittableRandom random) {
        Category category = Category.values()[item % Category.values().length];
        Optional<Asked> asked = switch (category) {
            case COLOUR -> Options.pick(SceneQueries.loneShapes(scene), random)
                    .map(o -> new Asked(
                            "What colour is the " + o.shape().word() + "?",
                            Options.colours(o.colour(), scene, random)));
            case SHAPE -> Options.pick(SceneQueries.loneColours(scene), random)
                    .map(o -> new Asked(
                            "What shape is the " + o.colour().word() + " object?", Options.shapes(o.shape(), random)));
            case COUNT -> Optional.of(new Asked(
                    "How many objects are in the image?",
                    Options.numbers(scene.objects().size(), Scene.MIN_OBJECTS, Scene.MAX_OBJECTS, random)));
            case POSITION -> Options.pick(SceneQueries.uniquelyTyped(scene), random)
                    .map(o -> new Asked(
                            "Where is the " + ObjectType.of(o).phrase() + "?", Options.cells(o, scene, random)));
        };
        return asked.map(a -> {
            List<Draft> rotations = new ArrayList<>();
            for (int r = 0; r < Options.FOUR; r++) {
                var metadata = Map.of(
                        GROUP, Integer.toString(item),
                        ROTATION, Integer.toString(r),
                        CATEGORY, category.name().toLowerCase(Locale.ROOT));
                rotations.add(Draft.choice(a.question, a.choice.rotate(r), metadata));
            }
            return rotations;
        });
    }

    private record Asked(String question, Choice choice) {}

    @Override
    public SuiteScore score(List<Sample> samples, List<String> predictions) {
        return CircularScoring.score(name(), samples, predictions);
    }
}
