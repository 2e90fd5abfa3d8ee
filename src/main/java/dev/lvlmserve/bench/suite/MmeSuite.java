package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.Colour;
import dev.lvlmserve.bench.scene.ObjectType;
import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneObject;
import dev.lvlmserve.bench.scene.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * MME-style perception: each image gets two yes/no questions, one true and one false, from one of four subtasks
 * (existence, count, colour, position), cycled over images. Where it can, the pair asks about the same thing
 * ("Is the circle red?" / "Is the circle blue?"), as MME's pairs do, so that only a consistent model scores acc+.
 *
 * <p>Scoring mirrors MME: per subtask, 100·acc + 100·acc+ (acc+ = share of images with both answers right), the
 * total being the sum over subtasks. Headline: that total divided by 2 × the number of subtasks, i.e. the mean of
 * (acc + acc+)/2 over subtasks, in 0..100.
 */
final class MmeSuite extends GeneratedSuite {
    static final String SUBTASK = "mme.subtask";
    static final String PAIR = "mme.pair";

    enum Subtask {
        EXISTENCE,
        COUNT,
        COLOUR,
        POSITION
    }

    MmeSuite() {
        super("mme", 2, 1);
    }

    @Override
    Optional<List<Draft>> compose(Scene scene, int item, SplittableRandom random) {
        Subtask subtask = Subtask.values()[item % Subtask.values().length];
        Optional<String[]> pair = switch (subtask) {
            case EXISTENCE -> existence(scene, random);
            case COUNT -> count(scene, random);
            case COLOUR -> colour(scene, random);
            case POSITION -> position(scene, random);
        };
        return pair.map(questions -> {
            var metadata = Map.of(SUBTASK, subtask.name().toLowerCase(Locale.ROOT), PAIR, Integer.toString(item));
            List<Draft> drafts = new ArrayList<>(List.of(
                    Draft.open(questions[0], "yes", metadata), Draft.open(questions[1], "no", metadata)));
            return Choice.shuffled(drafts, random); // the true question is not always first
        });
    }

    /** {true question, false question}. */
    private static Optional<String[]> existence(Scene scene, SplittableRandom random) {
        List<ObjectType> present = SceneQueries.presentTypes(scene);
        List<ObjectType> absent = SceneQueries.absentTypes(scene);
        ObjectType yes = present.get(random.nextInt(present.size()));
        ObjectType no = absent.get(random.nextInt(absent.size()));
        return Optional.of(new String[] {
            "Is there a " + yes.phrase() + " in the image?", "Is there a " + no.phrase() + " in the image?"
        });
    }

    private static Optional<String[]> count(Scene scene, SplittableRandom random) {
        boolean all = random.nextBoolean();
        List<Shape> shapes = scene.objects().stream().map(SceneObject::shape).distinct().toList();
        Shape shape = shapes.get(random.nextInt(shapes.size()));
        int n = all ? scene.objects().size() : SceneQueries.count(scene, o -> o.shape() == shape);
        int wrong = n == 1 || (n < Scene.MAX_OBJECTS && random.nextBoolean()) ? n + 1 : n - 1;
        String singular = all ? "object" : shape.word();
        String plural = all ? "objects" : shape.plural();
        return Optional.of(new String[] {
            Phrases.thereAreExactly(n, singular, plural) + " in the image?",
            Phrases.thereAreExactly(wrong, singular, plural) + " in the image?"
        });
    }

    private static Optional<String[]> colour(Scene scene, SplittableRandom random) {
        List<SceneObject> loneShapes = SceneQueries.loneShapes(scene);
        if (loneShapes.isEmpty()) {
            return Optional.empty();
        }
        SceneObject o = loneShapes.get(random.nextInt(loneShapes.size()));
        List<Colour> others = Arrays.stream(Colour.values()).filter(c -> c != o.colour()).toList();
        Colour wrong = others.get(random.nextInt(others.size()));
        String subject = "Is the " + o.shape().word() + " ";
        return Optional.of(new String[] {subject + o.colour().word() + "?", subject + wrong.word() + "?"});
    }

    private static Optional<String[]> position(Scene scene, SplittableRandom random) {
        List<SceneObject> candidates =
                SceneQueries.uniquelyTyped(scene).stream().filter(o -> !Side.of(o).isEmpty()).toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        SceneObject o = candidates.get(random.nextInt(candidates.size()));
        List<Side> sides = Side.of(o);
        Side side = sides.get(random.nextInt(sides.size()));
        String subject = "Is the " + ObjectType.of(o).phrase() + " ";
        return Optional.of(new String[] {subject + side.phrase + "?", subject + side.opposite().phrase + "?"});
    }

    /** The four image sides. An object is on a side when it sits in that edge row or column of the grid. */
    enum Side {
        LEFT("on the left side of the image"),
        RIGHT("on the right side of the image"),
        TOP("at the top of the image"),
        BOTTOM("at the bottom of the image");

        final String phrase;

        Side(String phrase) {
            this.phrase = phrase;
        }

        Side opposite() {
            return values()[ordinal() ^ 1];
        }

        static List<Side> of(SceneObject o) {
            List<Side> sides = new ArrayList<>();
            if (o.col() == 0) sides.add(LEFT);
            if (o.col() == SceneObject.GRID - 1) sides.add(RIGHT);
            if (o.row() == 0) sides.add(TOP);
            if (o.row() == SceneObject.GRID - 1) sides.add(BOTTOM);
            return sides;
        }
    }

    @Override
    public SuiteScore score(List<Sample> samples, List<String> predictions) {
        return MmeScoring.score(name(), samples, predictions);
    }
}
