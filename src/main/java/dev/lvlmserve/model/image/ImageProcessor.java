package dev.lvlmserve.model.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.image.ImageProcessorConfig.HeightWidth;
import dev.lvlmserve.model.image.ImageProcessorConfig.ShortestEdge;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * Image → {@code pixel_values}, mirroring transformers' (PIL-based) {@code LlavaImageProcessor.preprocess} /
 * {@code CLIPImageProcessor.preprocess} step for step:
 *
 * <ol>
 *   <li>{@code convert_to_rgb}: PIL {@code convert("RGB")}, alpha dropped ({@link RgbConversion});
 *   <li>{@code pad_to_square} (LLaVA only): background {@code int(mean * 255)}, image at {@code (max - short) // 2};
 *       fused with the resize ({@link PaddedResampler}) so that a thin image never costs its long side squared;
 *   <li>{@code resize}: shortest edge to {@code size.shortest_edge}, long edge {@code int(size * long / short)}
 *       (truncated), through PIL with the config's filter, uint8 in and out ({@link PilResampler});
 *   <li>{@code center_crop}: offsets {@code (H - crop_h) // 2}, zero-filled where the crop overhangs;
 *   <li>{@code rescale}: {@code float32(uint8 * rescale_factor)}, the product taken in float64;
 *   <li>{@code normalize}: {@code (x - float32(mean)) / float32(std)} in float32.
 * </ol>
 *
 * So every output float is bit-identical to transformers' slow processor for the same RGB pixels (checked against
 * a replay of those steps with Pillow 9.4 and numpy; the fast, torchvision-based processors resize differently and
 * are not mirrored). {@code do_convert_rgb = false} is not honoured: the pipeline only handles RGB. Thread-safe.
 */
public final class ImageProcessor {
    private final ImageProcessorConfig config;
    private final PilFilter filter;
    private final float[] mean = new float[3];
    private final float[] std = new float[3];

    public ImageProcessor(ImageProcessorConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.filter = PilFilter.fromCode(config.resample());
        for (int c = 0; c < 3; c++) {
            mean[c] = config.imageMean().get(c).floatValue();
            std[c] = config.imageStd().get(c).floatValue();
        }
    }

    public ImageProcessorConfig config() {
        return config;
    }

    /** One image → CHW float32 of 3 × {@link #outputHeight()} × {@link #outputWidth()} (when those are fixed). */
    public float[] preprocess(BufferedImage image) {
        Rgb8 rgb = Rgb8.of(image);
        if (config.doResize() && config.padsToSquare()) {
            int side = Math.max(rgb.width(), rgb.height());
            int[] hw = resizeOutputSize(side, side);
            rgb = PaddedResampler.padAndResize(rgb, config.padColour(), hw[1], hw[0], filter);
        } else if (config.doResize()) {
            int[] hw = resizeOutputSize(rgb.height(), rgb.width());
            rgb = PilResampler.resize(rgb, hw[1], hw[0], filter);
        } else if (config.padsToSquare()) {
            rgb = rgb.padToSquare(config.padColour());
        }
        if (config.doCenterCrop()) {
            rgb = rgb.centerCrop(config.cropSize().height(), config.cropSize().width());
        }
        return toChw(rgb);
    }

    /**
     * transformers' {@code get_resize_output_image_size(default_to_square=False)}: the short side becomes
     * {@code size}, the long side {@code int(size * long / short)} — Python's true division then truncation.
     *
     * @return {height, width}
     */
    int[] resizeOutputSize(int height, int width) {
        return switch (config.size()) {
            case HeightWidth hw -> new int[] {hw.height(), hw.width()};
            case ShortestEdge se -> {
                int shortSide = Math.min(height, width);
                int longSide = Math.max(height, width);
                int newShort = se.shortestEdge();
                int newLong = (int) ((double) newShort * longSide / shortSide);
                yield width <= height ? new int[] {newLong, newShort} : new int[] {newShort, newLong};
            }
        };
    }

    private float[] toChw(Rgb8 rgb) {
        int plane = rgb.width() * rgb.height();
        float[] out = new float[3 * plane];
        byte[] data = rgb.data();
        double factor = config.rescaleFactor();
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                int v = data[i * 3 + c] & 0xFF;
                float x = config.doRescale() ? (float) (v * factor) : v;
                if (config.doNormalize()) {
                    x = (x - mean[c]) / std[c];
                }
                out[c * plane + i] = x;
            }
        }
        return out;
    }

    /** Output height when it does not depend on the input: the crop height, or an exact resize height. */
    public int outputHeight() {
        return fixedOutputSize()[0];
    }

    /** Output width when it does not depend on the input. */
    public int outputWidth() {
        return fixedOutputSize()[1];
    }

    private int[] fixedOutputSize() {
        if (config.doCenterCrop()) {
            return new int[] {config.cropSize().height(), config.cropSize().width()};
        }
        if (config.doResize() && config.size() instanceof HeightWidth hw) {
            return new int[] {hw.height(), hw.width()};
        }
        throw new IllegalStateException(
                "this config's output size depends on the input image (no centre crop, no exact resize)");
    }

    /**
     * Stacks preprocessed images into {@code pixel_values} of shape (B, 3, H, W), float32, owned by {@code manager}
     * (the caller closes it).
     */
    public NDArray toPixelValues(List<float[]> images, NDManager manager) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images");
        }
        int h = outputHeight();
        int w = outputWidth();
        int each = 3 * h * w;
        float[] batch = new float[Math.multiplyExact(images.size(), each)];
        for (int b = 0; b < images.size(); b++) {
            float[] img = images.get(b);
            if (img.length != each) {
                throw new IllegalArgumentException(
                        "image " + b + " has " + img.length + " values, expected 3x" + h + "x" + w);
            }
            System.arraycopy(img, 0, batch, b * each, each);
        }
        return manager.create(batch, new Shape(images.size(), 3, h, w)); // (B, 3, H, W)
    }
}
