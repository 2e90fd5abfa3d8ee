package dev.lvlmserve.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lvlmserve.model.config.Json;
import org.junit.jupiter.api.Test;

/** Splitting a libtorch profiler trace into prefill and decode, and its ops into kinds. */
class OpProfileTest {
    static String op(String name, double ts, double dur, String shape) {
        return "{\"name\":\"" + name + "\",\"ph\":\"X\",\"ts\":" + ts + ",\"dur\":" + dur + ",\"tid\":1,\"shape\":"
                + shape + "}";
    }

    @Test
    void topLevelOpsAreSummedByKindPerPhaseAndTheRestIsOutside() {
        String trace = "[" + String.join(",",
                op("aten::embedding", 0, 1, "[[1,5],[64,32]]"),
                op("aten::matmul", 2, 10, "[[1,5,32],[32,32]]"),
                op("aten::mm", 3, 8, "[[5,32],[32,32]]"), // nested inside the matmul: not counted again
                op("aten::matmul", 13, 2, "[[1,4,5,8],[1,4,8,5]]"),
                op("aten::neg", 15, 0.5, "[[1,4,5,4]]"),
                op("aten::cat", 16, 1, "[[], []]"), // rotate_half: right after the neg
                op("aten::embedding", 20, 1, "[[1,1],[64,32]]"),
                op("aten::matmul", 22, 4, "[[1,1,32],[32,32]]"),
                op("aten::cat", 27, 3, "[[], []]"), // the KV cache growing
                op("aten::softmax", 31, 1, "[[1,4,1,6],[],[]]")) + "]";
        OpProfile.Result r = OpProfile.summarise(Json.MAPPER.readTree(trace));
        assertEquals(1, r.decodeSteps());
        assertEquals(20, r.prefill().wallMicros(), 1e-9);
        assertEquals(10, r.prefill().micros().get(OpProfile.Kind.LINEAR), 1e-9);
        assertEquals(2, r.prefill().micros().get(OpProfile.Kind.ATTENTION), 1e-9);
        assertEquals(2.5, r.prefill().micros().get(OpProfile.Kind.OTHER), 1e-9); // embedding, neg, rotate_half
        assertEquals(20 - 14.5, r.prefill().micros().get(OpProfile.Kind.OUTSIDE), 1e-9);
        assertEquals(12, r.decode().wallMicros(), 1e-9);
        assertEquals(3, r.decode().micros().get(OpProfile.Kind.KV_CONCAT), 1e-9);
        assertEquals(4, r.decode().micros().get(OpProfile.Kind.LINEAR), 1e-9);
        assertEquals(1, r.decode().micros().get(OpProfile.Kind.ATTENTION), 1e-9);
    }
}
