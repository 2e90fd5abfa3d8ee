package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Test-side reading of noun phrases against a scene, written independently of the generators: it parses the words
 * back ("small red object", "object in the top left", "circle") and brute-forces the matching objects.
 */
final class SceneFacts {
    static final String[] ROWS = {"top", "middle", "bottom"};
    static final String[] COLS = {"left", "centre", "right"};

    private SceneFacts() {}

    /** Row and column of a cell name, spelled per the spec: "top left", ..., "centre", ..., "bottom right". */
    static int[] cell(String name) {
        if (name.equals("centre")) {
            return new int[] {1, 1};
        }
        String[] words = name.split(" ");
        if (words.length != 2) {
            throw new AssertionError("not a cell name: " + name);
        }
        int row = List.of(ROWS).indexOf(words[0]);
        int col = List.of(COLS).indexOf(words[1]);
        if (row < 0 || col < 0 || (row == 1 && col == 1)) {
            throw new AssertionError("not a cell name: " + name);
        }
        return new int[] {row, col};
    }

    static String cellName(SceneObject o) {
        return o.row() == 1 && o.col() == 1 ? "centre" : ROWS[o.row()] + " " + COLS[o.col()];
    }

    /** Objects matching a description made of size / colour / shape words and "object", or "object in the <cell>". */
    static List<SceneObject> resolve(Scene scene, String description) {
        if (description.startsWith("object in the ")) {
            int[] rc = cell(description.substring("object in the ".length()));
            return scene.objects().stream().filter(o -> o.row() == rc[0] && o.col() == rc[1]).toList();
        }
        List<Predicate<SceneObject>> tests = new ArrayList<>();
        for (String word : description.split(" ")) {
            tests.add(wordTest(word));
        }
        return scene.objects().stream().filter(o -> tests.stream().allMatch(t -> t.test(o))).toList();
    }

    /** A one-word attribute test: "red", "circle", "circles", "large", or "object"/"objects" (anything). */
    static Predicate<SceneObject> wordTest(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.equals("object") || w.equals("objects")) {
            return o -> true;
        }
        return switch (w) {
            case "red", "green", "blue", "yellow", "purple", "black" -> o -> o.colour().name().equalsIgnoreCase(w);
            case "small", "large" -> o -> o.size().name().equalsIgnoreCase(w);
            case "circle", "circles" -> o -> o.shape().name().equals("CIRCLE");
            case "square", "squares" -> o -> o.shape().name().equals("SQUARE");
            case "triangle", "triangles" -> o -> o.shape().name().equals("TRIANGLE");
            case "cross", "crosses" -> o -> o.shape().name().equals("CROSS");
            default -> throw new AssertionError("unknown attribute word '" + word + "'");
        };
    }

    /** The single object a description names; fails the test when it names none or several. */
    static SceneObject only(Scene scene, String description) {
        List<SceneObject> found = resolve(scene, description);
        if (found.size() != 1) {
            throw new AssertionError("'" + description + "' names " + found.size() + " objects in " + scene);
        }
        return found.getFirst();
    }

    static String typeOf(SceneObject o) {
        return o.colour().name().toLowerCase(Locale.ROOT) + " " + o.shape().name().toLowerCase(Locale.ROOT);
    }

    /** The one object in the relation to the reference; the spec: same row (left/right) or column (above/below). */
    static SceneObject related(Scene scene, String relation, SceneObject ref) {
        List<SceneObject> found = scene.objects().stream()
                .filter(o -> switch (relation) {
                    case "directly to the left of" -> o.row() == ref.row() && o.col() < ref.col();
                    case "directly to the right of" -> o.row() == ref.row() && o.col() > ref.col();
                    case "directly above" -> o.col() == ref.col() && o.row() < ref.row();
                    default -> o.col() == ref.col() && o.row() > ref.row();
                })
                .toList();
        QuestionOracle.assertThat(
                found.size() == 1, relation + " " + typeOf(ref) + " names " + found.size() + " objects");
        return found.getFirst();
    }

    static String attribute(SceneObject o, String which) {
        return (switch (which) {
                    case "colour" -> o.colour().name();
                    case "shape" -> o.shape().name();
                    default -> o.size().name();
                })
                .toLowerCase(Locale.ROOT);
    }
}
