package dev.lvlmserve.train.questions;

import dev.lvlmserve.bench.scene.ObjectType;
import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneObject;
import dev.lvlmserve.bench.suite.Choice;
import dev.lvlmserve.bench.suite.Options;
import dev.lvlmserve.bench.suite.Prompts;
import dev.lvlmserve.bench.suite.SceneQueries;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A training-only task, not a benchmark: the two questions the model already answers in open form — "Is there a red
 * circle in the image?" and "Where is the red circle?" — asked as multiple choice ("A. yes / B. no", four cells).
 * Because the content of the answer is something the model already finds, the only new skill is the one every
 * multiple-choice suite needs on top: naming the letter of the option that says it.
 */
public final class ChoiceDrill {
    private ChoiceDrill() {}

    /** The full prompt (question, option lines, LLaVA's choice suffix), the letter, and the type asked about. */
    public record Query(String prompt, String answer, ObjectType type) {}

    /** Half existence (half of it present), half position of a uniquely present type; never ambiguous. */
    public static Query ask(Scene scene, SplittableRandom random) {
        List<SceneObject> unique = SceneQueries.uniquelyTyped(scene);
        if (!unique.isEmpty() && random.nextBoolean()) {
            SceneObject o = unique.get(random.nextInt(unique.size()));
            ObjectType type = ObjectType.of(o);
            return query(Locate.question(type), Options.cells(o, scene, random), type);
        }
        boolean present = !unique.isEmpty() && random.nextBoolean();
        ObjectType type = present
                ? ObjectType.of(unique.get(random.nextInt(unique.size())))
                : Locate.absent(scene, random);
        Choice yesNo = Choice.of(present ? "yes" : "no", List.of(present ? "no" : "yes"), List.of(), 2, random)
                .orElseThrow();
        return query("Is there a " + type.phrase() + " in the image?", yesNo, type);
    }

    private static Query query(String question, Choice choice, ObjectType type) {
        return new Query(Prompts.multipleChoice(question, choice.options()), choice.letter(), type);
    }
}
