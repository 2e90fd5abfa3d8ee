package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.ObjectType;
import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneObject;
import dev.lvlmserve.bench.scene.Shape;
import dev.lvlmserve.bench.scene.Size;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * SEED-Bench-style four-way multiple choice over six evaluation dimensions, cycled over samples: colour and shape of
 * the object in a named cell, count of a shape (zero included), which object is in a cell, the spatial relation
 * between two objects in one row or column, and which object has a given size.
 *
 * <p>Headline: accuracy in percent; details give accuracy per dimension, as SEED reports it.
 */
final class SeedSuite extends GeneratedSuite {
    static final String DIMENSION = "seed.dimension";

    enum Dimension {
        COLOUR,
        SHAPE,
        COUNT,
        POSITION,
        SPATIAL_RELATION,
        SIZE
    }

    SeedSuite() {
        super("seed", 1, 1);
    }

    @Override
    Optional<List<Draft>> compose(Scene scene, int item, SplittableRandom random) {
        Dimension dimension = Dimension.values()[item % Dimension.values().length];
        var metadata = Map.of(DIMENSION, dimension.name().toLowerCase(Locale.ROOT));
        SceneObject any = scene.objects().get(random.nextInt(scene.objects().size()));
        String inCell = "the object in the " + Phrases.cell(any);
        Optional<Draft> draft = switch (dimension) {
            case COLOUR -> Optional.of(Draft.choice(
                    "What colour is " + inCell + "?", Options.colours(any.colour(), scene, random), metadata));
            case SHAPE -> Optional.of(
                    Draft.choice("What shape is " + inCell + "?", Options.shapes(any.shape(), random), metadata));
            case COUNT -> {
                Shape shape = Shape.values()[random.nextInt(Shape.values().length)];
                int n = SceneQueries.count(scene, o -> o.shape() == shape);
                yield Optional.of(Draft.choice(
                        "How many " + shape.plural() + " are in the image?",
                        Options.numbers(n, 0, Scene.MAX_OBJECTS, random),
                        metadata));
            }
            case POSITION -> Optional.of(Draft.choice(
                    "Which object is in the " + Phrases.cell(any) + "?",
                    Options.types(ObjectType.of(any), scene, random),
                    metadata));
            case SPATIAL_RELATION -> relation(scene, random).map(q -> Draft.choice(q.question, q.choice, metadata));
            case SIZE -> size(scene, random).map(q -> Draft.choice(q.question, q.choice, metadata));
        };
        return draft.map(List::of);
    }

    private record Asked(String question, Choice choice) {}

    /** "Where is the red circle relative to the blue square?" for two uniquely typed objects sharing a line. */
    private static Optional<Asked> relation(Scene scene, SplittableRandom random) {
        List<SceneObject[]> pairs = new ArrayList<>();
        for (SceneObject a : SceneQueries.uniquelyTyped(scene)) {
            for (SceneObject b : SceneQueries.uniquelyTyped(scene)) {
                if (a != b && (a.row() == b.row() || a.col() == b.col())) {
                    pairs.add(new SceneObject[] {a, b});
                }
            }
        }
        return Options.pick(pairs, random).map(p -> {
            Relation holds = Arrays.stream(Relation.values())
                    .filter(r -> r.holds(p[0], p[1]))
                    .findFirst()
                    .orElseThrow();
            List<String> words = Arrays.stream(Relation.values()).map(Relation::word).toList();
            String question = "Where is the " + ObjectType.of(p[0]).phrase() + " relative to the "
                    + ObjectType.of(p[1]).phrase() + "?";
            return new Asked(question, Choice.of(holds.word(), List.of(), words, 4, random).orElseThrow());
        });
    }

    /**
     * "Which object is small?": the answer type's objects all have that size; every distractor type has no object
     * of that size (present with the other size first, then absent types), so exactly one option is true.
     */
    private static Optional<Asked> size(Scene scene, SplittableRandom random) {
        Size size = Size.values()[random.nextInt(Size.values().length)];
        List<ObjectType> answers = SceneQueries.presentTypes(scene).stream()
                .filter(t -> SceneQueries.matching(scene, t::matches).stream().allMatch(o -> o.size() == size))
                .toList();
        List<String> present = SceneQueries.presentTypes(scene).stream()
                .filter(t -> SceneQueries.matching(scene, t::matches).stream().noneMatch(o -> o.size() == size))
                .map(ObjectType::phrase)
                .toList();
        List<String> absent = SceneQueries.absentTypes(scene).stream().map(ObjectType::phrase).toList();
        return Options.pick(answers, random).map(t -> new Asked(
                "Which object is " + size.word() + "?",
                Choice.of(t.phrase(), present, absent, Options.FOUR, random).orElseThrow()));
    }

    @Override
    public SuiteScore score(List<Sample> samples, List<String> predictions) {
        return Scoring.accuracyBy(name(), samples, predictions, DIMENSION);
    }
}
