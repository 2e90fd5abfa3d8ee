package dev.lvlmserve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.Djl;
import org.junit.jupiter.api.Test;

class DjlSmokeTest {
    @Test
    void matmulRunsOnTheBundledLibtorch() {
        try (NDManager m = Djl.newManager()) {
            var a = m.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            assertEquals(7f, a.matMul(a).getFloat(0, 0) * 1f, 1e-6);
        }
    }
}
