package dev.lvlmserve.pruning.compensation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayerPairingTest {
    static List<LayerPair> pair(List<Integer> removed, List<Integer> retained) {
        return LayerPairing.nearestRetained(removed, retained);
    }

    @Test
    void equalDistanceGoesToTheEarlierLayer() {
        assertEquals(List.of(new LayerPair(5, 4)), pair(List.of(5), List.of(0, 1, 2, 3, 4, 6, 7)));
    }

    @Test
    void eachRetainedLayerIsUsedOnce() {
        // 5 takes 4; for 6, 4 is gone and 7 is nearest
        assertEquals(List.of(new LayerPair(5, 4), new LayerPair(6, 7)), pair(List.of(5, 6), List.of(0, 1, 2, 3, 4, 7)));
        // 4 takes 3; 5: 7 (distance 2) beats 2 (distance 3); 6: only 0..2 are left, 2 is the next nearest
        assertEquals(List.of(new LayerPair(4, 3), new LayerPair(5, 7), new LayerPair(6, 2)),
                pair(List.of(4, 5, 6), List.of(0, 1, 2, 3, 7)));
    }

    @Test
    void removedLayersArePairedInAscendingOrderWhateverTheInputOrder() {
        assertEquals(pair(List.of(4, 5, 6), List.of(0, 1, 2, 3, 7)), pair(List.of(6, 4, 5), List.of(7, 3, 2, 1, 0)));
    }

    @Test
    void aRemovedLayerAtTheEdgeTakesItsOnlyNeighbour() {
        assertEquals(List.of(new LayerPair(7, 6)), pair(List.of(7), List.of(4, 5, 6)));
        assertEquals(List.of(new LayerPair(0, 1)), pair(List.of(0), List.of(1, 2)));
    }

    @Test
    void runningOutOfRetainedLayersOrOverlapIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> pair(List.of(1, 2), List.of(0)));
        assertThrows(IllegalArgumentException.class, () -> pair(List.of(1), List.of(1, 2)));
    }
}
