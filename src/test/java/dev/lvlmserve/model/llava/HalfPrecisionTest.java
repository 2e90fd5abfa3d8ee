package dev.lvlmserve.model.llava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.lvlmserve.fixture.FixtureCheckpoint;
import dev.lvlmserve.fixture.FixtureSpec;
import dev.lvlmserve.model.Placement;
import dev.lvlmserve.model.generate.GenerationOptions;
import dev.lvlmserve.model.generate.TokenListener;
import dev.lvlmserve.model.io.KeyMapping;
import dev.lvlmserve.model.io.SafeDType;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * float16 as transformers computes it (RMSNorm statistics, softmax and logits in float32), on the CPU: slow for big
 * models but correct for the fixture. fp16 answers must agree with fp32 ones token for token, and the logits within
 * {@link #LOGIT_TOLERANCE} of the largest logit: float16 keeps 11 significant bits (2⁻¹¹ ≈ 5e-4 relative); through
 * the vision tower and four decoder layers the fixture's worst logit moves by about 1e-3 of the largest.
 */
class HalfPrecisionTest {
    /** Allowed |fp16 − fp32| per logit, relative to the largest |fp32 logit|. */
    static final double LOGIT_TOLERANCE = 5e-3;

    static final Placement HALF = new Placement(Device.cpu(), DataType.FLOAT16, "test: cpu float16");

    @TempDir
    static Path tmp;

    static Path f32;
    static Path f16;
    static Path bf16;

    @BeforeAll
    static void write() throws IOException {
        f32 = write("f32", SafeDType.F32);
        f16 = write("f16", SafeDType.F16);
        bf16 = write("bf16", SafeDType.BF16);
    }

    static Path write(String name, SafeDType dtype) throws IOException {
        Path dir = tmp.resolve(name);
        FixtureCheckpoint.write(dir, FixtureSpec.tiny(), 42,
                new LlavaCheckpoint.WriteOptions(dtype, KeyMapping.Vintage.LEGACY, Long.MAX_VALUE));
        return dir;
    }

    @Test
    void everyWeightLoadsAsFloat16RoundedAsTorchRoundsIt() {
        for (Path dir : List.of(f32, f16, bf16)) {
            try (LlavaModel full = LlavaCheckpoint.loadModel(dir, null);
                    LlavaModel half = LlavaCheckpoint.loadModel(dir, HALF)) {
                assertEquals(DataType.FLOAT16, half.dtype());
                for (Map.Entry<String, NDArray> e : full.weights().asMap().entrySet()) {
                    NDArray h = half.weights().require(e.getKey());
                    assertEquals(DataType.FLOAT16, h.getDataType(), e.getKey());
                    float[] want = e.getValue().toFloatArray(); // the file's values, exactly (widening is exact)
                    float[] got = h.toType(DataType.FLOAT32, false).toFloatArray();
                    for (int i = 0; i < want.length; i++) {
                        float rounded = Float.float16ToFloat(Float.floatToFloat16(want[i]));
                        assertEquals(rounded, got[i], 0f, dir.getFileName() + " " + e.getKey() + "[" + i + "]");
                    }
                }
            }
        }
    }

    @Test
    void float16LogitsStayWithinToleranceOfFloat32() {
        try (LlavaModel full = LlavaCheckpoint.loadModel(f32, null);
                LlavaModel half = LlavaCheckpoint.loadModel(f32, HALF)) {
            float[] a = DerivedModelTest.logits(full);
            float[] b = DerivedModelTest.logits(half);
            assertEquals(a.length, b.length);
            double scale = 0;
            double worst = 0;
            for (int i = 0; i < a.length; i++) {
                scale = Math.max(scale, Math.abs(a[i]));
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
            assertTrue(scale > 0, "the fixture's logits are not all zero");
            assertTrue(worst <= LOGIT_TOLERANCE * scale, "max |fp16 - fp32| = " + worst + " of " + scale);
            assertTrue(worst > 0, "float16 must actually have run in float16");
        }
    }

    @Test
    void greedyAnswersAgreeTokenForTokenAloneAndInALeftPaddedBatch() {
        try (LlavaPipeline full = LlavaPipeline.load(f16, null); LlavaPipeline half = LlavaPipeline.load(f16, HALF)) {
            assertEquals(DataType.FLOAT16, half.model().dtype());
            List<Query> batch = List.of(
                    new Query(image(1), "Is there a red circle in the image?", GenerationOptions.greedy(8)),
                    new Query(image(2), "What colour is the square?", GenerationOptions.greedy(8)),
                    new Query(null, "Describe the image.", GenerationOptions.greedy(8)));
            List<Answer> a = full.answer(batch, TokenListener.NONE);
            List<Answer> b = half.answer(batch, TokenListener.NONE);
            for (int i = 0; i < batch.size(); i++) {
                assertArrayEquals(a.get(i).tokens(), b.get(i).tokens(), "row " + i + " (batched)");
                assertEquals(8, a.get(i).tokens().length, "the fixture never emits its end-of-sequence token");
                List<Answer> alone = half.answer(List.of(batch.get(i)), TokenListener.NONE);
                assertArrayEquals(a.get(i).tokens(), alone.getFirst().tokens(), "row " + i + " (alone)");
            }
        }
    }

    static BufferedImage image(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return img;
    }
}
