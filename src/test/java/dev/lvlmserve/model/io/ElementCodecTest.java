package dev.lvlmserve.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ElementCodecTest {
    @Test
    void bf16WidensByShifting() {
        assertEquals(1.0f, ElementCodec.bf16ToFloat((short) 0x3F80));
        assertEquals(-2.0f, ElementCodec.bf16ToFloat((short) 0xC000));
        assertEquals(Float.NEGATIVE_INFINITY, ElementCodec.bf16ToFloat((short) 0xFF80));
    }

    @Test
    void bf16NarrowingRoundsToNearestEven() {
        float ulp = 0x1p-7f; // BF16 spacing in [1, 2)
        assertEquals((short) 0x3F80, ElementCodec.floatToBf16(1.0f));
        assertEquals((short) 0x3F80, ElementCodec.floatToBf16(1.0f + ulp / 2), "tie to even (down)");
        assertEquals((short) 0x3F82, ElementCodec.floatToBf16(1.0f + 3 * ulp / 2), "tie to even (up)");
        assertEquals((short) 0x3F81, ElementCodec.floatToBf16(1.0f + ulp / 2 + 0x1p-20f), "above the tie");
        assertEquals((short) 0x7F80, ElementCodec.floatToBf16(Float.MAX_VALUE), "overflow rounds to infinity");
        short nan = ElementCodec.floatToBf16(Float.NaN);
        assertTrue(Float.isNaN(ElementCodec.bf16ToFloat(nan)));
    }

    @Test
    void f16UsesTheJdkConversion() {
        assertEquals(1.0f, Float.float16ToFloat((short) 0x3C00));
        assertEquals((short) 0x3C00, Float.floatToFloat16(1.0f + 0x1p-11f), "tie to even");
    }
}
