package dev.lvlmserve.pruning.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LayerSelectionTest {
    static final List<Integer> L32 = IntStream.range(0, 32).boxed().toList();

    @Test
    void removalCountAndDeeperHalf() {
        assertEquals(3, LayerLocalizer.removalCount(0.1, 32)); // 3.2
        assertEquals(6, LayerLocalizer.removalCount(0.2, 32)); // 6.4
        assertEquals(10, LayerLocalizer.removalCount(0.3, 32)); // 9.6
        assertEquals(2, LayerLocalizer.removalCount(0.25, 8));
        assertEquals(0, LayerLocalizer.removalCount(0, 32));
        assertEquals(IntStream.range(16, 32).boxed().toList(), LayerLocalizer.deeperHalf(L32));
        assertEquals(List.of(3, 4), LayerLocalizer.deeperHalf(List.of(0, 1, 2, 3, 4)));
    }

    @Test
    void mostSimilarLayersAreRemovedTiesToTheDeeperLayer() {
        Map<Integer, Double> sim = Map.of(4, 0.90, 5, 0.97, 6, 0.95, 7, 0.97);
        assertEquals(List.of(5, 7), LayerLocalizer.mostRedundant(sim, 2));
        assertEquals(List.of(7), LayerLocalizer.mostRedundant(sim, 1));
        assertEquals(List.of(), LayerLocalizer.mostRedundant(sim, 0));
        assertThrows(IllegalArgumentException.class, () -> LayerLocalizer.mostRedundant(sim, 5));
    }

    @Test
    void lastNAndSeededRandom() {
        List<Integer> c = List.of(16, 17, 18, 19, 20);
        assertEquals(List.of(19, 20), BaselineSelectors.lastN(c, 2));
        List<Integer> a = BaselineSelectors.random(c, 3, 7);
        assertEquals(a, BaselineSelectors.random(c, 3, 7));
        assertEquals(3, Set.copyOf(a).size());
        assertTrue(c.containsAll(a));
        List<List<Integer>> draws = new ArrayList<>();
        for (long seed = 0; seed < 10; seed++) {
            draws.add(BaselineSelectors.random(c, 3, seed));
        }
        assertNotEquals(1, Set.copyOf(draws).size(), "seeds must matter");
    }

    @Test
    void enumerationFindsTheBestSubsetAndRespectsTheCap() {
        List<Integer> c = List.of(4, 5, 6, 7);
        List<Set<Integer>> seen = new ArrayList<>();
        Enumeration.Result r = Enumeration.best(c, 2, 100, s -> {
            seen.add(s);
            return s.equals(Set.of(5, 7)) ? 1.0 : 0.0;
        }, ProgressListener.NONE, Cancellation.NEVER);
        assertEquals(List.of(5, 7), r.removed());
        assertEquals(6, r.evaluated());
        assertEquals(6, Set.copyOf(seen).size());
        assertEquals(1820, Enumeration.combinations(16, 4));
        assertEquals(Long.MAX_VALUE, Enumeration.combinations(200, 100));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Enumeration.best(c, 2, 5, s -> 0, ProgressListener.NONE, Cancellation.NEVER));
        assertTrue(e.getMessage().contains("C(4, 2) = 6"), e.getMessage());
        assertThrows(CancellationException.class,
                () -> Enumeration.best(c, 2, 100, s -> 0, ProgressListener.NONE, () -> true));
    }
}
