package dev.lvlmserve.model.image;

import java.util.Arrays;

/**
 * Pillow's convolution filters, by their {@code PIL.Image.Resampling} codes (the {@code resample} value in a
 * {@code preprocessor_config.json}). Kernels and supports transcribe {@code libImaging/Resample.c}. NEAREST (0) is
 * not a convolution in Pillow (it takes another code path) and is not offered.
 */
public enum PilFilter {
    LANCZOS(1, 3.0),
    BILINEAR(2, 1.0),
    BICUBIC(3, 2.0),
    BOX(4, 0.5),
    HAMMING(5, 1.0);

    /** Pillow's bicubic uses Keys' kernel with a = -0.5 (not Java2D's / OpenCV's -0.75). */
    private static final double CUBIC_A = -0.5;

    private final int code;
    private final double support;

    PilFilter(int code, double support) {
        this.code = code;
        this.support = support;
    }

    public int code() {
        return code;
    }

    /** Half-width of the kernel at scale 1. */
    double support() {
        return support;
    }

    public static PilFilter fromCode(int code) {
        return Arrays.stream(values())
                .filter(f -> f.code == code)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "resample " + code + " is not supported; use 1 (LANCZOS), 2 (BILINEAR), 3 (BICUBIC),"
                                + " 4 (BOX) or 5 (HAMMING)"));
    }

    /** The kernel weight at distance {@code x} (in input pixels, already divided by the filter scale). */
    double weight(double x) {
        return switch (this) {
            case BOX -> x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
            case BILINEAR -> Math.max(0.0, 1.0 - Math.abs(x));
            case HAMMING -> hamming(Math.abs(x));
            case BICUBIC -> cubic(Math.abs(x));
            case LANCZOS -> -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
        };
    }

    private static double cubic(double x) {
        if (x < 1.0) {
            return ((CUBIC_A + 2.0) * x - (CUBIC_A + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * CUBIC_A;
        }
        return 0.0;
    }

    private static double hamming(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        if (x >= 1.0) {
            return 0.0;
        }
        double px = x * Math.PI;
        return Math.sin(px) / px * (0.54f + 0.46f * Math.cos(px)); // float constants, as in Resample.c
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        double px = x * Math.PI;
        return Math.sin(px) / px;
    }
}
