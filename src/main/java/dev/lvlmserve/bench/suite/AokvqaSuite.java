package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.ObjectType;
import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A-OKVQA-style multiple choice that needs one relational step: find the reference object, then the object
 * directly left of / right of / above / below it, then name it, its colour or its shape. Asked only when the
 * reference type occurs once and exactly one object stands in the relation (see {@link Relation}).
 *
 * <p>Headline: multiple-choice accuracy in percent (A-OKVQA's MC setting); details per asked attribute.
 */
final class AokvqaSuite extends GeneratedSuite {
    static final String KIND = "aokvqa.kind";

    enum Kind {
        OBJECT,
        COLOUR,
        SHAPE
    }

    AokvqaSuite() {
        super("aokvqa", 1, 2);
    }

    private record Step(SceneObject reference, Relation relation, SceneObject target) {}

    @Override
    Optional<List<Draft>> compose(Scene scene, int item, SplittableRandom random) {
        Kind kind = Kind.values()[item % Kind.values().length];
        return Options.pick(steps(scene), random).map(step -> {
            String where = step.relation.phrase() + " the " + ObjectType.of(step.reference).phrase() + "?";
            SceneObject t = step.target;
            var metadata = Map.of(
                    KIND, kind.name().toLowerCase(Locale.ROOT), "aokvqa.relation", step.relation.word());
            return List.of(switch (kind) {
                case OBJECT -> Draft.choice(
                        "What is " + where, Options.types(ObjectType.of(t), scene, random), metadata);
                case COLOUR -> Draft.choice(
                        "What colour is the object " + where, Options.colours(t.colour(), scene, random), metadata);
                case SHAPE -> Draft.choice(
                        "What shape is the object " + where, Options.shapes(t.shape(), random), metadata);
            });
        });
    }

    /** Every unambiguous (reference, relation, target) triple in the scene. */
    private static List<Step> steps(Scene scene) {
        List<Step> steps = new ArrayList<>();
        for (SceneObject reference : SceneQueries.uniquelyTyped(scene)) {
            for (Relation relation : Relation.values()) {
                SceneQueries.unique(scene, o -> relation.holds(o, reference))
                        .ifPresent(target -> steps.add(new Step(reference, relation, target)));
            }
        }
        return steps;
    }

    @Override
    public SuiteScore score(List<Sample> samples, List<String> predictions) {
        return Scoring.accuracyBy(name(), samples, predictions, KIND);
    }
}
