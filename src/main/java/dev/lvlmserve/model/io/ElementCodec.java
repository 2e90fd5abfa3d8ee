package dev.lvlmserve.model.io;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * Converts between the file's element types and the FLOAT32 / FLOAT16 the model computes in. Narrowing rounds to
 * nearest, ties to even, as PyTorch's {@code tensor.to(torch.bfloat16 / torch.float16)} does; widening is exact.
 */
final class ElementCodec {
    private ElementCodec() {}

    /** BF16 is the upper half of an IEEE float32, so widening is a shift. */
    static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** Round-to-nearest-even on the 16 dropped bits; NaN stays a (quiet) NaN instead of rounding into infinity. */
    static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    /**
     * Converts {@code count} elements of {@code type} from {@code src} (little-endian, at its position) into
     * {@code dst} (at its position) as float32, or as float16 when {@code toHalf}; both positions advance. The
     * float16 path goes through an exact float32 intermediate, as {@code tensor.to(torch.float16)} does for BF16.
     */
    static void convert(ByteBuffer src, SafeDType type, ByteBuffer dst, boolean toHalf, int count) {
        if (toHalf) {
            switch (type) {
                case F32 -> {
                    for (int i = 0; i < count; i++) {
                        dst.putShort(Float.floatToFloat16(src.getFloat()));
                    }
                }
                case F16 -> {
                    for (int i = 0; i < count; i++) {
                        dst.putShort(src.getShort());
                    }
                }
                case BF16 -> {
                    for (int i = 0; i < count; i++) {
                        dst.putShort(Float.floatToFloat16(bf16ToFloat(src.getShort())));
                    }
                }
            }
            return;
        }
        switch (type) {
            case F32 -> {
                for (int i = 0; i < count; i++) {
                    dst.putFloat(src.getFloat());
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    dst.putFloat(Float.float16ToFloat(src.getShort()));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    dst.putFloat(bf16ToFloat(src.getShort()));
                }
            }
        }
    }

    /**
     * Narrows floats from {@code src} into {@code dst} (little-endian) until either runs out; returns the element
     * count written.
     */
    static int narrow(FloatBuffer src, SafeDType type, ByteBuffer dst) {
        int count = Math.min(src.remaining(), dst.remaining() / type.byteSize());
        switch (type) {
            case F32 -> {
                // Bulk copy; the view buffer swaps bytes if the platform is not little-endian.
                FloatBuffer view = dst.asFloatBuffer();
                view.put(src.slice(src.position(), count));
                src.position(src.position() + count);
                dst.position(dst.position() + count * 4);
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    dst.putShort(Float.floatToFloat16(src.get()));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    dst.putShort(floatToBf16(src.get()));
                }
            }
        }
        return count;
    }
}
