package dev.lvlmserve.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

/** lvlm.device / lvlm.dtype: the defaults with and without a GPU, explicit settings, and clear refusals. */
class PlacementTest {
    @Test
    void withoutSettingsAGpuMeansGpuFloat16AndNoGpuMeansCpuFloat32() {
        Placement cpu = Placement.resolve(null, null, 0);
        assertEquals(Device.cpu(), cpu.device());
        assertEquals(DataType.FLOAT32, cpu.dtype());
        assertTrue(cpu.reason().contains("0 GPUs visible"), cpu.reason());
        Placement gpu = Placement.resolve("", " ", 2);
        assertEquals(Device.gpu(0), gpu.device());
        assertEquals(DataType.FLOAT16, gpu.dtype());
        assertEquals("gpu:0", gpu.deviceName());
        assertEquals("float16", gpu.dtypeName());
    }

    @Test
    void explicitSettingsWinAndADeviceAloneGetsItsOwnDefaultDtype() {
        assertEquals(DataType.FLOAT32, Placement.resolve("cpu", null, 1).dtype(), "cpu on a GPU machine: float32");
        Placement p = Placement.resolve("gpu:1", "float32", 2);
        assertEquals(Device.gpu(1), p.device());
        assertEquals(DataType.FLOAT32, p.dtype());
        assertTrue(p.reason().contains("device: set") && p.reason().contains("dtype: set"), p.reason());
        assertEquals(DataType.FLOAT16, Placement.resolve("CPU", "fp16", 0).dtype(), "fp16 on a CPU when asked");
        assertEquals(Device.gpu(0), Placement.resolve("gpu", null, 1).device());
    }

    @Test
    void unavailableOrUnknownSettingsAreRefusedNamingTheSetting() {
        IllegalArgumentException noGpu = assertThrows(IllegalArgumentException.class,
                () -> Placement.resolve("gpu", null, 0));
        assertTrue(noGpu.getMessage().contains("lvlm.device") && noGpu.getMessage().contains("-Pcuda"),
                noGpu.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Placement.resolve("gpu:2", null, 2));
        assertThrows(IllegalArgumentException.class, () -> Placement.resolve("tpu", null, 0));
        IllegalArgumentException bf16 = assertThrows(IllegalArgumentException.class,
                () -> Placement.resolve("cpu", "bfloat16", 0));
        assertTrue(bf16.getMessage().contains("lvlm.dtype"), bf16.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Placement.resolve("cpu", "int8", 0));
    }
}
