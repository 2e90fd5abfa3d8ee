package dev.lvlmserve.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.lvlmserve.bench.scene.Colour;
import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneObject;
import dev.lvlmserve.bench.scene.Shape;
import dev.lvlmserve.bench.scene.Size;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellLabelsTest {
    @Test
    void eachPositionCarriesItsCellsObjectAndZeroWhenEmpty() {
        Scene s = new Scene(List.of(new SceneObject(Shape.CIRCLE, Colour.BLUE, Size.LARGE, 0, 2),
                new SceneObject(Shape.CROSS, Colour.RED, Size.SMALL, 2, 0)));
        int[] three = CellLabels.of(s, 3);
        int[] expected = new int[27];
        expected[2 * 3] = Colour.BLUE.ordinal() + 1;
        expected[2 * 3 + 1] = Shape.CIRCLE.ordinal() + 1;
        expected[2 * 3 + 2] = Size.LARGE.ordinal() + 1;
        expected[6 * 3] = Colour.RED.ordinal() + 1;
        expected[6 * 3 + 1] = Shape.CROSS.ordinal() + 1;
        expected[6 * 3 + 2] = Size.SMALL.ordinal() + 1;
        assertArrayEquals(expected, three);
        // a 6×6 patch grid: each cell covers 2×2 positions
        int[] six = CellLabels.of(s, 6);
        int topRight = (0 * 6 + 5) * 3;
        int bottomLeft = (5 * 6 + 0) * 3;
        assertArrayEquals(new int[] {Colour.BLUE.ordinal() + 1, Shape.CIRCLE.ordinal() + 1, Size.LARGE.ordinal() + 1},
                java.util.Arrays.copyOfRange(six, topRight, topRight + 3));
        assertArrayEquals(new int[] {Colour.RED.ordinal() + 1, Shape.CROSS.ordinal() + 1, Size.SMALL.ordinal() + 1},
                java.util.Arrays.copyOfRange(six, bottomLeft, bottomLeft + 3));
    }

    @Test
    void patchesOfACellAreTheImagePositionsLabelledFromIt() {
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {5}, CellLabels.patchesOf(1, 2, 3));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 1, 6, 7}, CellLabels.patchesOf(0, 0, 6));
        Scene s = new Scene(List.of(new SceneObject(Shape.CIRCLE, Colour.BLUE, Size.LARGE, 2, 1)));
        int[] labels = CellLabels.of(s, 6);
        var cell = java.util.Arrays.stream(CellLabels.patchesOf(2, 1, 6)).boxed().toList();
        for (int p = 0; p < 36; p++) {
            boolean inCell = cell.contains(p);
            org.junit.jupiter.api.Assertions.assertEquals(inCell, labels[p * 3] != 0, "position " + p);
        }
    }
}
