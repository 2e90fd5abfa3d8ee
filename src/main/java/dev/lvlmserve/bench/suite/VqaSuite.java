package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.ObjectType;
import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneObject;
import dev.lvlmserve.bench.scene.Shape;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * VQAv2-style open questions with one- or two-word answers: counts (always digits, "0" included), colour, shape,
 * place ("top left") and size of a uniquely named object. Kinds are cycled over samples.
 *
 * <p>Headline: exact-match accuracy in percent after VQA normalisation ({@link AnswerParser#normalise}); with a
 * single reference answer the VQA min(#humans/3, 1) rule reduces to exact match.
 */
final class VqaSuite extends GeneratedSuite {
    static final String KIND = "vqa.kind";

    enum Kind {
        COUNT_ALL,
        COUNT_SHAPE,
        COLOUR,
        SHAPE,
        POSITION,
        SIZE
    }

    VqaSuite() {
        super("vqa", 1, 1);
    }

    @Override
    Optional<List<Draft>> compose(Scene scene, int item, SplittableRandom random) {
        Kind kind = Kind.values()[item % Kind.values().length];
        var metadata = Map.of(KIND, kind.name().toLowerCase(Locale.ROOT));
        Optional<String[]> qa = switch (kind) {
            case COUNT_ALL -> Optional.of(
                    new String[] {"How many objects are there?", Integer.toString(scene.objects().size())});
            case COUNT_SHAPE -> {
                Shape shape = Shape.values()[random.nextInt(Shape.values().length)];
                int n = SceneQueries.count(scene, o -> o.shape() == shape);
                yield Optional.of(new String[] {"How many " + shape.plural() + " are there?", Integer.toString(n)});
            }
            case COLOUR -> Options.pick(SceneQueries.loneShapes(scene), random)
                    .map(o -> new String[] {"What colour is the " + o.shape().word() + "?", o.colour().word()});
            case SHAPE -> Options.pick(SceneQueries.loneColours(scene), random)
                    .map(o -> new String[] {"What shape is the " + o.colour().word() + " object?", o.shape().word()});
            case POSITION -> Options.pick(SceneQueries.uniquelyTyped(scene), random)
                    .map(o -> new String[] {"Where is the " + phrase(o) + "?", Phrases.cell(o)});
            case SIZE -> Options.pick(SceneQueries.uniquelyTyped(scene), random)
                    .map(o -> new String[] {"What size is the " + phrase(o) + "?", o.size().word()});
        };
        return qa.map(q -> List.of(Draft.open(q[0], q[1], metadata)));
    }

    private static String phrase(SceneObject o) {
        return ObjectType.of(o).phrase();
    }

    @Override
    public SuiteScore score(List<Sample> samples, List<String> predictions) {
        SuiteScore accuracy = Scoring.accuracyBy(name(), samples, predictions, KIND);
        return new SuiteScore(name(), "exact_match", accuracy.metric(), accuracy.details(), accuracy.n());
    }
}
