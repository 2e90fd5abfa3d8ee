package dev.lvlmserve.train.questions;

import dev.lvlmserve.bench.scene.ObjectType;
import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneObject;
import dev.lvlmserve.bench.suite.Phrases;
import dev.lvlmserve.bench.suite.SceneQueries;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A training-only task, not a benchmark: "Where is the red circle?" answered with the cell's name, or "no" when the
 * scene has no such object. It supervises the one skill every yes/no and multiple-choice suite rests on and that the
 * captions do not teach: finding an image position by what is there (captions walk the positions in order and say
 * what they see). The answer names one of ten classes, a richer signal per example than a yes/no.
 *
 * <p>Absent objects share a colour or a shape with a present one when the scene allows (POPE's adversarial
 * negatives), so the answer needs both words, not one. Only the closed benchmark vocabulary is used.
 */
public final class Locate {
    /** The answer when nothing in the scene matches: a word of the closed vocabulary, not a cell name. */
    public static final String ABSENT = "no";

    private Locate() {}

    /** A question, its answer and the type it asks about. */
    public record Query(String question, String answer, ObjectType type) {}

    /** One query about {@code scene}: 60 % a uniquely present type, 40 % an absent one; never ambiguous. */
    public static Query ask(Scene scene, SplittableRandom random) {
        List<SceneObject> unique = SceneQueries.uniquelyTyped(scene);
        if (!unique.isEmpty() && random.nextDouble() < 0.6) {
            SceneObject o = unique.get(random.nextInt(unique.size()));
            return new Query(question(ObjectType.of(o)), Phrases.cell(o), ObjectType.of(o));
        }
        ObjectType absent = absent(scene, random);
        return new Query(question(absent), ABSENT, absent);
    }

    /** An absent type, usually a near miss (shares a colour or a shape with a present object). */
    static ObjectType absent(Scene scene, SplittableRandom random) {
        List<ObjectType> absent = SceneQueries.absentTypes(scene);
        List<ObjectType> near = SceneQueries.nearMisses(scene);
        List<ObjectType> pool = near.isEmpty() || random.nextDouble() < 0.25 ? absent : near;
        return pool.get(random.nextInt(pool.size()));
    }

    static String question(ObjectType type) {
        return "Where is the " + type.phrase() + "?";
    }
}
