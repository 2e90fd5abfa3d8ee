package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.Colour;
import dev.lvlmserve.bench.scene.ObjectType;
import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneObject;
import dev.lvlmserve.bench.scene.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Four-way option sets shared by the multiple-choice suites. Distractors already in the scene come first: "what
 * colour is the square" with the other objects' colours as distractors cannot be answered by spotting colours.
 */
public final class Options {
    static final int FOUR = 4;

    private Options() {}

    static Choice colours(Colour answer, Scene scene, SplittableRandom random) {
        List<String> inScene = scene.objects().stream().map(o -> o.colour().word()).toList();
        List<String> all = Arrays.stream(Colour.values()).map(Colour::word).toList();
        return Choice.of(answer.word(), inScene, all, FOUR, random).orElseThrow();
    }

    static Choice shapes(Shape answer, SplittableRandom random) {
        List<String> all = Arrays.stream(Shape.values()).map(Shape::word).toList();
        return Choice.of(answer.word(), List.of(), all, FOUR, random).orElseThrow();
    }

    /** Answer plus types present in the scene, then any type. */
    static Choice types(ObjectType answer, Scene scene, SplittableRandom random) {
        List<String> inScene = SceneQueries.presentTypes(scene).stream().map(ObjectType::phrase).toList();
        List<String> all = ObjectType.all().stream().map(ObjectType::phrase).toList();
        return Choice.of(answer.phrase(), inScene, all, FOUR, random).orElseThrow();
    }

    /** Four consecutive numbers within {@code [min, max]} that include the answer, in shuffled order. */
    static Choice numbers(int answer, int min, int max, SplittableRandom random) {
        int lowest = Math.max(min, answer - (FOUR - 1));
        int highest = Math.min(answer, max - (FOUR - 1));
        int start = random.nextInt(lowest, highest + 1);
        List<String> window = IntStream.range(start, start + FOUR).mapToObj(Integer::toString).toList();
        return Choice.of(Integer.toString(answer), window, List.of(), FOUR, random).orElseThrow();
    }

    /** Answer cell plus the cells of the other objects, then any cell. */
    public static Choice cells(SceneObject answer, Scene scene, SplittableRandom random) {
        List<String> occupied = scene.objects().stream().map(Phrases::cell).toList();
        return Choice.of(Phrases.cell(answer), occupied, Phrases.cells(), FOUR, random).orElseThrow();
    }

    static <T> Optional<T> pick(List<T> items, SplittableRandom random) {
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(random.nextInt(items.size())));
    }
}
