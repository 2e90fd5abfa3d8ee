package dev.lvlmserve.serving.jobs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import dev.lvlmserve.serving.error.ServingException;
import org.junit.jupiter.api.Test;

/** A float16 service refuses gradient work (width-taylor, recovery) with a 422 before any job starts. */
class GradientWorkRefusalTest {
    @Test
    void float16RefusesWidthTaylorAndRecoveryUpFront() {
        ServingException taylor = assertThrows(ServingException.class,
                () -> PruneRequestValidator.refuseGradientWork("width-taylor", false, DataType.FLOAT16));
        assertEquals(422, taylor.status().value());
        assertEquals("needs_float32", taylor.code());
        assertTrue(taylor.getMessage().contains("lvlm.dtype: float32"), taylor.getMessage());
        ServingException recovery = assertThrows(ServingException.class,
                () -> PruneRequestValidator.refuseGradientWork("short-lvlm", true, DataType.FLOAT16));
        assertEquals("needs_float32", recovery.code());
        assertTrue(recovery.getMessage().startsWith("recovery"), recovery.getMessage());
    }

    @Test
    void whatNeedsNoGradientsOrRunsInFloat32Passes() {
        assertDoesNotThrow(() -> PruneRequestValidator.refuseGradientWork("width-activation", false, DataType.FLOAT16));
        assertDoesNotThrow(() -> PruneRequestValidator.refuseGradientWork("short-lvlm", false, DataType.FLOAT16));
        assertDoesNotThrow(() -> PruneRequestValidator.refuseGradientWork("width-taylor", true, DataType.FLOAT32));
    }
}
