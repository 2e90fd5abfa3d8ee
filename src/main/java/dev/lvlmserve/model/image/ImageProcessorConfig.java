package dev.lvlmserve.model.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Mirrors Hugging Face's {@code preprocessor_config.json} for CLIP / LLaVA-1.5 image processors (one component per
 * key, HF's defaults for absent keys: those of {@code LlavaImageProcessor.__init__}). Read and written by
 * {@link ImageProcessorConfigJson}; what is written loads in transformers' {@code AutoImageProcessor}.
 *
 * @param doResize {@code do_resize}
 * @param size {@code size}: {@code {"shortest_edge": n}} or {@code {"height": h, "width": w}}
 * @param resample {@code resample}: a PIL filter code, 3 = bicubic (see {@link PilFilter})
 * @param doCenterCrop {@code do_center_crop}
 * @param cropSize {@code crop_size}
 * @param doRescale {@code do_rescale}
 * @param rescaleFactor {@code rescale_factor}, 1/255
 * @param doNormalize {@code do_normalize}
 * @param imageMean {@code image_mean}, one per RGB channel
 * @param imageStd {@code image_std}, one per RGB channel
 * @param doConvertRgb {@code do_convert_rgb}
 * @param doPad {@code do_pad}: LLaVA-1.5's pad-to-square with the mean colour ({@code LlavaImageProcessor} only)
 * @param imageProcessorType {@code image_processor_type}, e.g. {@code LlavaImageProcessor}; may be null
 * @param processorClass {@code processor_class}, e.g. {@code LlavaProcessor}; may be null
 */
public record ImageProcessorConfig(
        boolean doResize,
        Size size,
        int resample,
        boolean doCenterCrop,
        CropSize cropSize,
        boolean doRescale,
        double rescaleFactor,
        boolean doNormalize,
        List<Double> imageMean,
        List<Double> imageStd,
        boolean doConvertRgb,
        boolean doPad,
        String imageProcessorType,
        String processorClass) {

    /** OpenAI CLIP's normalisation (transformers' {@code OPENAI_CLIP_MEAN} / {@code OPENAI_CLIP_STD}). */
    public static final List<Double> OPENAI_CLIP_MEAN = List.of(0.48145466, 0.4578275, 0.40821073);

    public static final List<Double> OPENAI_CLIP_STD = List.of(0.26862954, 0.26130258, 0.27577711);

    /** {@code size}: either the shortest edge (aspect kept) or an exact height and width. */
    public sealed interface Size permits ShortestEdge, HeightWidth {}

    /** {@code {"shortest_edge": n}}. */
    public record ShortestEdge(int shortestEdge) implements Size {
        public ShortestEdge {
            requirePositive(shortestEdge, "size.shortest_edge");
        }
    }

    /** {@code {"height": h, "width": w}}. */
    public record HeightWidth(int height, int width) implements Size {
        public HeightWidth {
            requirePositive(height, "size.height");
            requirePositive(width, "size.width");
        }
    }

    /** {@code crop_size}. */
    public record CropSize(int height, int width) {
        public CropSize {
            requirePositive(height, "crop_size.height");
            requirePositive(width, "crop_size.width");
        }
    }

    public ImageProcessorConfig {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(cropSize, "crop_size");
        imageMean = List.copyOf(imageMean);
        imageStd = List.copyOf(imageStd);
        if (imageMean.size() != 3 || imageStd.size() != 3) {
            throw new IllegalArgumentException("image_mean and image_std need one value per RGB channel");
        }
        if (imageStd.stream().anyMatch(s -> !(s != 0 && Double.isFinite(s)))) {
            throw new IllegalArgumentException("image_std values must be finite and non-zero: " + imageStd);
        }
        if (!(rescaleFactor > 0 && Double.isFinite(rescaleFactor))) {
            throw new IllegalArgumentException("rescale_factor must be positive: " + rescaleFactor);
        }
    }

    /**
     * LLaVA-1.5 at a CLIP resolution (336 for {@code llava-1.5-*-hf}): shortest edge and crop {@code imageSize},
     * bicubic, OpenAI CLIP mean/std, pad to square on, as {@code LlavaImageProcessor} with {@code do_pad=True}.
     */
    public static ImageProcessorConfig clipDefaults(int imageSize) {
        return new ImageProcessorConfig(
                true,
                new ShortestEdge(imageSize),
                PilFilter.BICUBIC.code(),
                true,
                new CropSize(imageSize, imageSize),
                true,
                1.0 / 255.0,
                true,
                OPENAI_CLIP_MEAN,
                OPENAI_CLIP_STD,
                true,
                true,
                "LlavaImageProcessor",
                "LlavaProcessor");
    }

    /** Reads a {@code preprocessor_config.json}. */
    public static ImageProcessorConfig read(Path path) throws IOException {
        return ImageProcessorConfigJson.read(path);
    }

    /** Writes this config as {@code preprocessor_config.json} with HF's key names, keys sorted as HF writes them. */
    public void write(Path path) throws IOException {
        ImageProcessorConfigJson.write(this, path);
    }

    /**
     * Whether images are padded to a square first. Only {@code LlavaImageProcessor} implements {@code do_pad} this
     * way; a {@code CLIPImageProcessor} config (as shipped by the first {@code llava-hf} conversions) never pads,
     * whatever {@code do_pad} says, and neither do we.
     */
    public boolean padsToSquare() {
        return doPad && !"CLIPImageProcessor".equals(imageProcessorType);
    }

    /** The PIL background for the pad: {@code int(mean * 255)} per channel, truncated as transformers does. */
    public int[] padColour() {
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            rgb[c] = (int) (imageMean.get(c) * 255);
        }
        return rgb;
    }

    private static void requirePositive(int value, String key) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive: " + value);
        }
    }
}
