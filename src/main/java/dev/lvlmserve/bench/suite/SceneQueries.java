package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.ObjectType;
import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneObject;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Read-only questions about a scene graph; the generators compute every answer through these. */
public final class SceneQueries {
    private SceneQueries() {}

    static List<SceneObject> matching(Scene scene, Predicate<SceneObject> predicate) {
        return scene.objects().stream().filter(predicate).toList();
    }

    static int count(Scene scene, Predicate<SceneObject> predicate) {
        return matching(scene, predicate).size();
    }

    /** The one object matching, or empty when none or several do: the guard against ambiguous references. */
    static Optional<SceneObject> unique(Scene scene, Predicate<SceneObject> predicate) {
        List<SceneObject> found = matching(scene, predicate);
        return found.size() == 1 ? Optional.of(found.getFirst()) : Optional.empty();
    }

    static boolean contains(Scene scene, ObjectType type) {
        return scene.objects().stream().anyMatch(type::matches);
    }

    /** Distinct types present, in scene (row-major) order. */
    static List<ObjectType> presentTypes(Scene scene) {
        return scene.objects().stream().map(ObjectType::of).distinct().toList();
    }

    /** Types present exactly once: their phrase names one object unambiguously. */
    public static List<SceneObject> uniquelyTyped(Scene scene) {
        return matching(scene, o -> count(scene, ObjectType.of(o)::matches) == 1);
    }

    public static List<ObjectType> absentTypes(Scene scene) {
        return ObjectType.all().stream().filter(t -> !contains(scene, t)).toList();
    }

    /** Absent types that share a colour or a shape with a present object: POPE's adversarial negatives. */
    public static List<ObjectType> nearMisses(Scene scene) {
        return absentTypes(scene).stream()
                .filter(t -> scene.objects().stream().anyMatch(o -> o.colour() == t.colour() || o.shape() == t.shape()))
                .toList();
    }

    static Optional<SceneObject> at(Scene scene, int row, int col) {
        return unique(scene, o -> o.row() == row && o.col() == col);
    }

    /** Objects whose shape occurs once: "the circle" names them. */
    static List<SceneObject> loneShapes(Scene scene) {
        return matching(scene, o -> count(scene, p -> p.shape() == o.shape()) == 1);
    }

    /** Objects whose colour occurs once: "the red object" names them. */
    static List<SceneObject> loneColours(Scene scene) {
        return matching(scene, o -> count(scene, p -> p.colour() == o.colour()) == 1);
    }
}
