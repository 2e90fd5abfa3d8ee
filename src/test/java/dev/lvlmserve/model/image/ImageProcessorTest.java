package dev.lvlmserve.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.Djl;
import dev.lvlmserve.model.image.ImageProcessorConfig.CropSize;
import dev.lvlmserve.model.image.ImageProcessorConfig.HeightWidth;
import dev.lvlmserve.model.image.ImageProcessorConfig.ShortestEdge;
import dev.lvlmserve.model.image.ImageProcessorConfig.Size;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageProcessorTest {

    /** A LLaVA config with only the chosen geometric steps on and rescale/normalise off, so outputs are uint8. */
    private static ImageProcessorConfig geometryOnly(boolean pad, Size size, CropSize crop) {
        return new ImageProcessorConfig(
                size != null,
                size != null ? size : new ShortestEdge(224),
                3,
                crop != null,
                crop != null ? crop : new CropSize(224, 224),
                false,
                1.0 / 255,
                false,
                ImageProcessorConfig.OPENAI_CLIP_MEAN,
                ImageProcessorConfig.OPENAI_CLIP_STD,
                true,
                pad,
                "LlavaImageProcessor",
                null);
    }

    private static int at(float[] chw, int width, int height, int c, int x, int y) {
        return (int) chw[c * width * height + y * width + x];
    }

    @Test
    void padColourIsTheTruncatedMeanTimes255() {
        // int(0.48145466 * 255) = int(122.77) = 122, not round()'s 123: transformers truncates.
        assertThat(ImageProcessorConfig.clipDefaults(336).padColour()).containsExactly(122, 116, 104);
    }

    @Test
    void padToSquareCentresAWideImageVertically() {
        // 6 wide x 3 high: pad to 6 x 6; top = (6 - 3) // 2 = 1, so rows 0 and 4..5 are background.
        BufferedImage img = TestImages.solid(6, 3, 0xFF0000);
        float[] out = new ImageProcessor(geometryOnly(true, null, null)).preprocess(img);
        assertThat(out).hasSize(3 * 6 * 6);
        for (int x = 0; x < 6; x++) {
            assertThat(new int[] {at(out, 6, 6, 0, x, 0), at(out, 6, 6, 1, x, 0), at(out, 6, 6, 2, x, 0)})
                    .containsExactly(122, 116, 104);
            assertThat(at(out, 6, 6, 0, x, 1)).isEqualTo(255); // first image row
            assertThat(at(out, 6, 6, 1, x, 1)).isZero();
            assertThat(at(out, 6, 6, 0, x, 3)).isEqualTo(255); // last image row
            assertThat(at(out, 6, 6, 0, x, 4)).isEqualTo(122);
            assertThat(at(out, 6, 6, 2, x, 5)).isEqualTo(104);
        }
    }

    @Test
    void padToSquareCentresATallImageHorizontallyWithFloorOffset() {
        // 2 wide x 5 high: left = (5 - 2) // 2 = 1: column 0 and columns 3..4 are background.
        Rgb8 padded = Rgb8.of(TestImages.solid(2, 5, 0x0000FF)).padToSquare(new int[] {1, 2, 3});
        assertThat(padded.width()).isEqualTo(5);
        assertThat(padded.height()).isEqualTo(5);
        for (int y = 0; y < 5; y++) {
            assertThat(padded.get(0, y, 0)).isEqualTo(1);
            assertThat(padded.get(1, y, 2)).isEqualTo(255);
            assertThat(padded.get(2, y, 2)).isEqualTo(255);
            assertThat(padded.get(3, y, 1)).isEqualTo(2);
            assertThat(padded.get(4, y, 2)).isEqualTo(3);
        }
    }

    @Test
    void squareImagesAreNotPadded() {
        Rgb8 img = Rgb8.of(TestImages.pattern(4, 4));
        assertThat(img.padToSquare(new int[] {1, 2, 3})).isSameAs(img);
    }

    @Test
    void clipProcessorConfigNeverPads() {
        ImageProcessorConfig c = ImageProcessorConfig.clipDefaults(336);
        ImageProcessorConfig clip = new ImageProcessorConfig(c.doResize(), c.size(), c.resample(), c.doCenterCrop(),
                c.cropSize(), c.doRescale(), c.rescaleFactor(), c.doNormalize(), c.imageMean(), c.imageStd(),
                c.doConvertRgb(), true, "CLIPImageProcessor", "LlavaProcessor");
        assertThat(c.padsToSquare()).isTrue();
        assertThat(clip.padsToSquare()).isFalse();
    }

    @Test
    void resizeKeepsAspectWithTruncatedLongSide() {
        ImageProcessor p = new ImageProcessor(ImageProcessorConfig.clipDefaults(336));
        // int(336 * 500 / 333) = int(504.50...) = 504
        assertThat(p.resizeOutputSize(500, 333)).containsExactly(504, 336);
        assertThat(p.resizeOutputSize(333, 500)).containsExactly(336, 504);
        // int(336 * 1001 / 1000) = int(336.336) = 336
        assertThat(p.resizeOutputSize(1000, 1001)).containsExactly(336, 336);
        assertThat(p.resizeOutputSize(10, 10)).containsExactly(336, 336);
        ImageProcessor exact = new ImageProcessor(geometryOnly(false, new HeightWidth(7, 9), null));
        assertThat(exact.resizeOutputSize(500, 333)).containsExactly(7, 9);
    }

    @Test
    void centerCropUsesFloorOffsets() {
        // 7 x 5 pattern cropped to 4 x 2: left = (7 - 4) // 2 = 1, top = (5 - 2) // 2 = 1.
        Rgb8 img = Rgb8.of(TestImages.pattern(7, 5));
        Rgb8 crop = img.centerCrop(2, 4);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(crop.get(x, y, c)).isEqualTo(img.get(x + 1, y + 1, c));
                }
            }
        }
    }

    @Test
    void centerCropLargerThanTheImageZeroFillsLikeTransformers() {
        // 2 x 3 image, crop 5 x 4: transformers pads by ceil((5 - 2) / 2) = 2 left, ceil((4 - 3) / 2) = 1 top.
        Rgb8 img = Rgb8.filled(2, 3, new int[] {9, 9, 9});
        Rgb8 crop = img.centerCrop(4, 5);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                boolean inside = x >= 2 && x < 4 && y >= 1 && y < 4;
                assertThat(crop.get(x, y, 0)).as("(%d, %d)", x, y).isEqualTo(inside ? 9 : 0);
            }
        }
    }

    @Test
    void constantImageStaysConstantThroughTheWholePipeline() {
        BufferedImage img = TestImages.solid(500, 333, 0x7A7468); // the pad colour (122, 116, 104)
        float[] out = new ImageProcessor(ImageProcessorConfig.clipDefaults(336)).preprocess(img);
        assertThat(out).hasSize(3 * 336 * 336);
        float[] expected = new float[3];
        for (int c = 0; c < 3; c++) {
            int v = new int[] {122, 116, 104}[c];
            expected[c] = ((float) (v / 255.0) - ImageProcessorConfig.OPENAI_CLIP_MEAN.get(c).floatValue())
                    / ImageProcessorConfig.OPENAI_CLIP_STD.get(c).floatValue();
        }
        for (int i = 0; i < out.length; i++) {
            assertThat(out[i]).isEqualTo(expected[i / (336 * 336)]);
        }
    }

    @Test
    void normalisationOfAKnownPixelIsFloat32Maths() {
        ImageProcessorConfig c = ImageProcessorConfig.clipDefaults(2);
        float[] out = new ImageProcessor(c).preprocess(TestImages.solid(2, 2, 0xFF0080));
        // rescale: float32(v * (1/255)) in float64 first; normalise: (x - float32(mean)) / float32(std)
        float r = (1.0f - 0.48145466f) / 0.26862954f;
        float g = (0.0f - 0.4578275f) / 0.26130258f;
        float b = ((float) (128 * (1.0 / 255)) - 0.40821073f) / 0.27577711f;
        assertThat(out).containsExactly(r, r, r, r, g, g, g, g, b, b, b, b);
        assertThat(r).isEqualTo(1.9303361f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(g).isEqualTo(-1.7520971f, org.assertj.core.data.Offset.offset(1e-6f));
    }

    /**
     * Golden values from transformers' steps replayed with Pillow 9.4 and numpy: the 10 × 6 pattern, padded to 10 ×
     * 10, bicubic to 4 × 4, crop 4 × 4, no rescale or normalise, channels first.
     */
    @Test
    void padResizeCropMatchesPillowGolden() {
        float[] out = new ImageProcessor(geometryOnly(true, new ShortestEdge(4), new CropSize(4, 4)))
                .preprocess(TestImages.pattern(10, 6));
        int[] expected = {
            100, 122, 129, 103, 43, 138, 175, 56, 72, 170, 140, 81, 114, 137, 117, 115, 88, 99, 128, 120, 38, 93,
            154, 128, 116, 167, 117, 126, 127, 132, 109, 118, 137, 129, 122, 115, 237, 205, 172, 140, 219, 187, 153,
            121, 128, 120, 113, 106
        };
        assertThat(out).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(out[i]).as("value %d", i).isEqualTo((float) expected[i]);
        }
    }

    /** Same pattern without padding: 10 × 6 → 6 × 4 (int(4 * 10 / 6) = 6), crop columns 1..4. */
    @Test
    void resizeCropWithoutPadMatchesPillowGolden() {
        float[] out = new ImageProcessor(geometryOnly(false, new ShortestEdge(4), new CropSize(4, 4)))
                .preprocess(TestImages.pattern(10, 6));
        int[] expected = {
            76, 139, 207, 59, 92, 154, 227, 77, 109, 176, 204, 71, 125, 199, 144, 41, 28, 76, 158, 150, 70, 118, 194,
            84, 115, 175, 147, 81, 158, 199, 84, 132, 227, 205, 184, 162, 217, 195, 174, 152, 206, 184, 163, 141, 196,
            174, 153, 131
        };
        for (int i = 0; i < expected.length; i++) {
            assertThat(out[i]).as("value %d", i).isEqualTo((float) expected[i]);
        }
    }

    @Test
    void pixelValuesAreStackedAsBatchChannelHeightWidth() {
        ImageProcessor p = new ImageProcessor(ImageProcessorConfig.clipDefaults(8));
        float[] a = p.preprocess(TestImages.gradient(20, 10));
        float[] b = p.preprocess(TestImages.solid(5, 9, 0x112233));
        try (NDManager manager = Djl.newManager();
                NDArray pixels = p.toPixelValues(List.of(a, b), manager)) {
            assertThat(pixels.getShape()).isEqualTo(new Shape(2, 3, 8, 8));
            assertThat(pixels.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(pixels.getFloat(0, 1, 2, 3)).isEqualTo(a[64 + 2 * 8 + 3]);
            assertThat(pixels.getFloat(1, 2, 7, 7)).isEqualTo(b[128 + 63]);
        }
        assertThatThrownBy(() -> p.toPixelValues(List.of(new float[5]), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outputSizeIsUnknownWithoutCropOrExactSize() {
        ImageProcessor p = new ImageProcessor(geometryOnly(false, new ShortestEdge(4), null));
        assertThatThrownBy(p::outputHeight).isInstanceOf(IllegalStateException.class);
        assertThat(p.preprocess(TestImages.pattern(10, 6))).hasSize(3 * 4 * 6);
    }

    @Test
    void nearestIsRefused() {
        ImageProcessorConfig c = ImageProcessorConfig.clipDefaults(8);
        ImageProcessorConfig nearest = new ImageProcessorConfig(c.doResize(), c.size(), 0, c.doCenterCrop(),
                c.cropSize(), c.doRescale(), c.rescaleFactor(), c.doNormalize(), c.imageMean(), c.imageStd(),
                c.doConvertRgb(), c.doPad(), c.imageProcessorType(), c.processorClass());
        assertThatThrownBy(() -> new ImageProcessor(nearest)).hasMessageContaining("resample 0");
    }
}
