package dev.lvlmserve.bench.scene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SceneGeneratorTest {
    @Test
    void sameSeedGivesTheSameScenesAndPngBytes() {
        var a = new SceneGenerator(42);
        var b = new SceneGenerator(42);
        for (int i = 0; i < 50; i++) {
            Scene sa = a.next();
            Scene sb = b.next();
            assertEquals(sa, sb);
            assertArrayEquals(
                    SceneRenderer.toPng(SceneRenderer.render(sa)), SceneRenderer.toPng(SceneRenderer.render(sb)));
        }
    }

    @Test
    void differentSeedsGiveDifferentScenes() {
        List<Scene> a = IntStream.range(0, 20).mapToObj(i -> new SceneGenerator(1).next()).toList();
        var g1 = new SceneGenerator(1);
        var g2 = new SceneGenerator(2);
        int same = 0;
        for (int i = 0; i < 20; i++) {
            same += g1.next().equals(g2.next()) ? 1 : 0;
        }
        assertTrue(same < 2, "seeds 1 and 2 agree on " + same + " of 20 scenes");
        assertEquals(1, new HashSet<>(a).size(), "a fresh generator restarts its sequence");
    }

    @Test
    void scenesRespectTheGridAndCountRange() {
        var g = new SceneGenerator(7);
        Set<Integer> counts = new HashSet<>();
        Set<Shape> shapes = new HashSet<>();
        Set<Colour> colours = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            Scene s = g.next(2, 5);
            counts.add(s.objects().size());
            assertEquals(s.objects().size(), s.objects().stream().map(SceneObject::cell).distinct().count());
            s.objects().forEach(o -> {
                shapes.add(o.shape());
                colours.add(o.colour());
            });
        }
        assertEquals(Set.of(2, 3, 4, 5), counts);
        assertEquals(Shape.values().length, shapes.size());
        assertEquals(Colour.values().length, colours.size());
    }

    @Test
    void typeFrequenciesFormADistribution() {
        double total = ObjectType.all().stream()
                .mapToDouble(t -> SceneGenerator.typeFrequency(t.colour(), t.shape()))
                .sum();
        assertEquals(1.0, total, 1e-12);
        assertTrue(SceneGenerator.typeFrequency(Colour.RED, Shape.CIRCLE)
                > SceneGenerator.typeFrequency(Colour.BLACK, Shape.CROSS));
    }

    @Test
    void invalidScenesAreRejected() {
        var red = new SceneObject(Shape.CIRCLE, Colour.RED, Size.SMALL, 0, 0);
        var blue = new SceneObject(Shape.SQUARE, Colour.BLUE, Size.LARGE, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> new Scene(List.of(red, blue)));
        assertThrows(IllegalArgumentException.class, () -> new Scene(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SceneObject(Shape.CIRCLE, Colour.RED, Size.SMALL, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> new SceneGenerator(0).next(0, 6));
    }

    @Test
    void sceneEqualityAndFingerprintIgnoreConstructionOrder() {
        var red = new SceneObject(Shape.CIRCLE, Colour.RED, Size.SMALL, 2, 2);
        var blue = new SceneObject(Shape.SQUARE, Colour.BLUE, Size.LARGE, 0, 1);
        assertEquals(new Scene(List.of(red, blue)), new Scene(List.of(blue, red)));
        assertEquals(new Scene(List.of(red, blue)).fingerprint(), new Scene(List.of(blue, red)).fingerprint());
        assertNotEquals(new Scene(List.of(red)).fingerprint(), new Scene(List.of(blue)).fingerprint());
    }
}
