package dev.lvlmserve.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PilResamplerTest {

    /** A 1-row grey image: each value repeated into R, G and B. */
    private static Rgb8 row(int... values) {
        byte[] data = new byte[values.length * 3];
        for (int i = 0; i < values.length; i++) {
            Arrays.fill(data, i * 3, i * 3 + 3, (byte) values[i]);
        }
        return new Rgb8(values.length, 1, data);
    }

    private static int[] greys(Rgb8 img) {
        int[] out = new int[img.width() * img.height()];
        for (int i = 0; i < out.length; i++) {
            out[i] = img.data()[i * 3] & 0xFF;
        }
        return out;
    }

    private static int[] bytes(Rgb8 img) {
        int[] out = new int[img.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = img.data()[i] & 0xFF;
        }
        return out;
    }

    @Test
    void bicubicKernelIsKeysWithAMinusHalf() {
        assertThat(PilFilter.BICUBIC.weight(0)).isEqualTo(1.0);
        assertThat(PilFilter.BICUBIC.weight(0.25)).isEqualTo(0.8671875); // (1.5x - 2.5)x^2 + 1
        assertThat(PilFilter.BICUBIC.weight(-0.75)).isEqualTo(0.2265625);
        assertThat(PilFilter.BICUBIC.weight(1.25)).isEqualTo(-0.0703125); // -0.5((x - 5)x + 8)x - 4)
        assertThat(PilFilter.BICUBIC.weight(1.0)).isEqualTo(0.0);
        assertThat(PilFilter.BICUBIC.weight(2.0)).isEqualTo(0.0);
    }

    /**
     * [0, 0, 255, 255] → 2 pixels. Scale 2, so the kernel is stretched to support 4 (antialiasing). Output 0 is
     * centred at 1.0 and sees all four inputs at distances (x + 0.5 - 1) / 2 = -0.25, 0.25, 0.75, 1.25, weights
     * 0.8671875, 0.8671875, 0.2265625, -0.0703125 (sum 1.890625): 255 × 0.15625 / 1.890625 = 21.07 → 21.
     * Output 1 mirrors it: 255 × 1.734375 / 1.890625 = 233.9 → 234.
     */
    @Test
    void downscaleByTwoMatchesHandComputedValues() {
        assertThat(greys(PilResampler.resize(row(0, 0, 255, 255), 2, 1, PilFilter.BICUBIC))).containsExactly(21, 234);
    }

    /**
     * [0, 255] → 4 pixels. Scale 1/2, support 2 (no stretching when enlarging). Centres 0.25, 0.75, 1.25, 1.75;
     * output 0: weights f(0.25) = 0.8671875 on 0 and f(1.25) = -0.0703125 on 255 → -22.5 → clamped to 0; output 1:
     * f(0.25) on 0 and f(0.75) = 0.2265625 on 255, normalised by 1.09375 → 52.8, and in 22-bit fixed point
     * (868820 × 255 + 2^21) >> 22 = 53; outputs 2 and 3 mirror outputs 1 and 0: 202 and 255 (277.5 clamped).
     */
    @Test
    void upscaleByTwoMatchesHandComputedValuesWithClamping() {
        assertThat(greys(PilResampler.resize(row(0, 255), 4, 1, PilFilter.BICUBIC))).containsExactly(0, 53, 202, 255);
    }

    @Test
    void fixedPointTapsSumToOne() {
        PilResampler.Taps taps = PilResampler.Taps.of(1000, 336, PilFilter.BICUBIC);
        for (int i = 0; i < 336; i++) {
            int sum = 0;
            for (int t = 0; t < taps.count()[i]; t++) {
                sum += taps.weights()[i * taps.size() + t];
            }
            assertThat(Math.abs(sum - (1 << 22))).as("output %d", i).isLessThanOrEqualTo(taps.count()[i]);
        }
    }

    @ParameterizedTest
    @EnumSource(PilFilter.class)
    void sameSizeIsIdentity(PilFilter filter) {
        Rgb8 img = Rgb8.of(TestImages.pattern(9, 6));
        assertThat(PilResampler.resize(img, 9, 6, filter)).isSameAs(img);
    }

    @ParameterizedTest
    @EnumSource(PilFilter.class)
    void constantImageStaysConstant(PilFilter filter) {
        Rgb8 img = Rgb8.filled(37, 23, new int[] {17, 128, 250});
        for (int[] size : new int[][] {{5, 3}, {100, 61}, {37, 7}, {11, 23}}) {
            Rgb8 out = PilResampler.resize(img, size[0], size[1], filter);
            assertThat(out.width()).isEqualTo(size[0]);
            assertThat(out.height()).isEqualTo(size[1]);
            assertThat(out).isEqualTo(Rgb8.filled(size[0], size[1], new int[] {17, 128, 250}));
        }
    }

    /** Expected bytes from Pillow 9.4: {@code Image.fromarray(pattern(7, 5)).resize((4, 3), Image.BICUBIC)}. */
    @Test
    void matchesPillowOnAPatternDownscale() {
        Rgb8 out = PilResampler.resize(Rgb8.of(TestImages.pattern(7, 5)), 4, 3, PilFilter.BICUBIC);
        assertThat(bytes(out))
                .containsExactly(
                        19, 11, 248, 81, 32, 226, 149, 87, 202, 211, 172, 180, 37, 59, 236, 99, 80, 214, 167, 137,
                        190, 234, 185, 168, 55, 107, 224, 117, 128, 202, 191, 193, 178, 165, 117, 156);
    }

    /** Pillow 9.4, same pattern enlarged to 12 × 9 (first two rows checked: 72 bytes). */
    @Test
    void matchesPillowOnAPatternUpscale() {
        Rgb8 out = PilResampler.resize(Rgb8.of(TestImages.pattern(7, 5)), 12, 9, PilFilter.BICUBIC);
        assertThat(Arrays.copyOf(bytes(out), 72))
                .containsExactly(
                        0, 0, 255, 9, 0, 252, 34, 3, 244, 56, 10, 236, 78, 21, 228, 99, 35, 221, 121, 52, 213, 142,
                        73, 206, 164, 97, 198, 186, 125, 190, 211, 162, 182, 224, 182, 177, 2, 7, 254, 13, 8, 249,
                        38, 12, 241, 60, 19, 233, 82, 30, 225, 103, 44, 218, 125, 61, 210, 146, 82, 203, 168, 106,
                        195, 190, 134, 187, 215, 171, 179, 228, 191, 174);
    }
}
