package dev.lvlmserve.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.RandomWeights;
import dev.lvlmserve.model.nn.WeightMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Why gradient work needs float32 models, and that it says so. */
class AutogradTest {
    /**
     * The premise of {@link Autograd}: a gradient through a DJL dtype cast is lost (libtorch's own {@code to} would
     * keep it). If a DJL upgrade fixes this, this test fails, and float16 gradient work can be allowed.
     */
    @Test
    void djlDtypeCastsRecordNoGradient() {
        try (NDManager m = Djl.newManager()) {
            NDArray x = m.create(new float[] {1, 2, 3});
            x.setRequiresGradient(true);
            try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray plain = x.mul(x).sum();
                c.backward(plain); // the same graph without a cast: fine
                assertEquals(6f, x.getGradient().toFloatArray()[2], 0f);
                NDArray cast = x.toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false).sum();
                assertThrows(EngineException.class, () -> c.backward(cast));
            }
        }
    }

    @Test
    void float16ModelsAreRefusedFloat32OnesPass() {
        try (LlavaModel full = TinyModels.model(TinyModels.config("llama", false), 1)) {
            assertDoesNotThrow(() -> Autograd.requireFloat32(full, "training"));
            NDManager m = Djl.newManager();
            Map<String, NDArray> half = new LinkedHashMap<>();
            RandomWeights.generate(full.config(), 1, 0.2, m).forEach((k, v) -> half.put(k,
                    v.toType(DataType.FLOAT16, false)));
            try (LlavaModel h = LlavaModel.full(full.config(), new WeightMap(half), m)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Autograd.requireFloat32(h, "training"));
                assertTrue(e.getMessage().startsWith("training takes gradients") && e.getMessage().contains(
                        "float16") && e.getMessage().contains("--dtype float32"), e.getMessage());
            }
        }
    }
}
