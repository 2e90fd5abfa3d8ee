package dev.lvlmserve.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fused pad-and-resize against its naive twin, materialising the square with {@link Rgb8#padToSquare} and
 * resizing it with {@link PilResampler} (which the golden tests tie to Pillow): every byte must agree, for wide and
 * tall images, odd and even padding, shrinking and enlarging, and a side that needs no pass.
 */
class PaddedResamplerTest {
    private static final int[] BACKGROUND = {122, 116, 104};

    private static Rgb8 random(int width, int height, long seed) {
        byte[] data = new byte[width * height * 3];
        new Random(seed).nextBytes(data);
        return new Rgb8(width, height, data);
    }

    private static void assertSameAsNaive(Rgb8 content, int outWidth, int outHeight, PilFilter filter) {
        Rgb8 naive = PilResampler.resize(content.padToSquare(BACKGROUND), outWidth, outHeight, filter);
        Rgb8 fused = PaddedResampler.padAndResize(content, BACKGROUND, outWidth, outHeight, filter);
        assertThat(fused).as("%s %dx%d -> %dx%d", filter, content.width(), content.height(), outWidth, outHeight)
                .isEqualTo(naive);
    }

    @ParameterizedTest
    @EnumSource(PilFilter.class)
    void shrinkingWideAndTallImagesMatchesPaddingFirst(PilFilter filter) {
        int[][] sizes = {{40, 9}, {9, 40}, {41, 10}, {10, 41}, {33, 32}, {1, 57}, {57, 1}, {25, 25}};
        long seed = 1;
        for (int[] wh : sizes) {
            assertSameAsNaive(random(wh[0], wh[1], seed++), 12, 12, filter);
            assertSameAsNaive(random(wh[0], wh[1], seed++), 7, 5, filter);
        }
    }

    @ParameterizedTest
    @EnumSource(PilFilter.class)
    void enlargingMatchesPaddingFirst(PilFilter filter) {
        assertSameAsNaive(random(6, 3, 11), 16, 16, filter);
        assertSameAsNaive(random(2, 7, 12), 20, 20, filter);
    }

    @Test
    void aSideThatNeedsNoPassIsLeftAlone() {
        assertSameAsNaive(random(12, 5, 21), 12, 12, PilFilter.BICUBIC); // width and height already 12
        assertSameAsNaive(random(5, 12, 22), 12, 7, PilFilter.BICUBIC); // only the vertical pass
        assertSameAsNaive(random(12, 7, 23), 7, 12, PilFilter.BILINEAR); // only the horizontal pass
    }

    @Test
    void aThinImageCostsItsOwnRowsNotTheSquare() {
        // 1 x 26001 padded naively would be a 26001² canvas (2 GB); fused, it is 26001 rows of 336.
        Rgb8 thin = random(1, 26_001, 31);
        Rgb8 out = PaddedResampler.padAndResize(thin, BACKGROUND, 336, 336, PilFilter.BICUBIC);
        assertThat(out.width()).isEqualTo(336);
        assertThat(out.height()).isEqualTo(336);
        assertThat(out.get(0, 168, 0)).isEqualTo(BACKGROUND[0]); // far from the one-pixel column: background
    }
}
