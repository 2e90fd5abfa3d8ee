package dev.lvlmserve.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lvlmserve.model.image.ImageProcessorConfig.CropSize;
import dev.lvlmserve.model.image.ImageProcessorConfig.HeightWidth;
import dev.lvlmserve.model.image.ImageProcessorConfig.ShortestEdge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ImageProcessorConfigTest {
    @TempDir
    Path dir;

    @Test
    void clipDefaultsAreLlava15() {
        ImageProcessorConfig c = ImageProcessorConfig.clipDefaults(336);
        assertThat(c.size()).isEqualTo(new ShortestEdge(336));
        assertThat(c.cropSize()).isEqualTo(new CropSize(336, 336));
        assertThat(c.resample()).isEqualTo(3);
        assertThat(c.imageMean()).containsExactly(0.48145466, 0.4578275, 0.40821073);
        assertThat(c.imageStd()).containsExactly(0.26862954, 0.26130258, 0.27577711);
        assertThat(c.rescaleFactor()).isEqualTo(1.0 / 255);
        assertThat(c.doPad()).isTrue();
        assertThat(c.padsToSquare()).isTrue();
        assertThat(c.doResize() && c.doCenterCrop() && c.doRescale() && c.doNormalize() && c.doConvertRgb())
                .isTrue();
    }

    @Test
    void writeThenReadRoundTrips() throws IOException {
        Path file = dir.resolve("preprocessor_config.json");
        ImageProcessorConfig c = ImageProcessorConfig.clipDefaults(336);
        c.write(file);
        assertThat(ImageProcessorConfig.read(file)).isEqualTo(c);

        ImageProcessorConfig exact = new ImageProcessorConfig(false, new HeightWidth(20, 30), 2, false,
                new CropSize(5, 7), false, 0.5, false, List.of(0.5, 0.5, 0.5), List.of(0.25, 0.5, 1.0), false,
                false, null, null);
        exact.write(file);
        assertThat(ImageProcessorConfig.read(file)).isEqualTo(exact);
    }

    @Test
    void writesHuggingFaceKeyNames() throws IOException {
        Path file = dir.resolve("preprocessor_config.json");
        ImageProcessorConfig.clipDefaults(336).write(file);
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(file));
        assertThat(json.propertyNames())
                .containsExactly("crop_size", "do_center_crop", "do_convert_rgb", "do_normalize", "do_pad",
                        "do_rescale", "do_resize", "image_mean", "image_processor_type", "image_std",
                        "processor_class", "resample", "rescale_factor", "size");
        assertThat(json.get("size").get("shortest_edge").asInt()).isEqualTo(336);
        assertThat(json.get("crop_size").get("height").asInt()).isEqualTo(336);
        assertThat(json.get("image_processor_type").asString()).isEqualTo("LlavaImageProcessor");
        assertThat(json.get("rescale_factor").asDouble()).isEqualTo(0.00392156862745098);
    }

    @Test
    void readsTheLlavaHfConversionFile() throws IOException {
        // The preprocessor_config.json shipped by the first llava-hf/llava-1.5 conversions: a CLIP processor.
        Path file = Files.writeString(dir.resolve("preprocessor_config.json"), """
                {
                  "crop_size": {"height": 336, "width": 336},
                  "do_center_crop": true,
                  "do_convert_rgb": true,
                  "do_normalize": true,
                  "do_rescale": true,
                  "do_resize": true,
                  "image_mean": [0.48145466, 0.4578275, 0.40821073],
                  "image_processor_type": "CLIPImageProcessor",
                  "image_std": [0.26862954, 0.26130258, 0.27577711],
                  "processor_class": "LlavaProcessor",
                  "resample": 3,
                  "rescale_factor": 0.00392156862745098,
                  "size": {"shortest_edge": 336}
                }
                """);
        ImageProcessorConfig c = ImageProcessorConfig.read(file);
        assertThat(c.size()).isEqualTo(new ShortestEdge(336));
        assertThat(c.doPad()).isFalse();
        assertThat(c.padsToSquare()).isFalse();
        assertThat(c.imageProcessorType()).isEqualTo("CLIPImageProcessor");
    }

    @Test
    void legacyFormsAndDefaultsFollowGetSizeDict() throws IOException {
        Path file = Files.writeString(dir.resolve("p.json"), """
                {"size": 224, "crop_size": 200, "image_mean": 0.5, "unknown_key": [1, 2]}
                """);
        ImageProcessorConfig c = ImageProcessorConfig.read(file);
        assertThat(c.size()).isEqualTo(new ShortestEdge(224));
        assertThat(c.cropSize()).isEqualTo(new CropSize(200, 200));
        assertThat(c.imageMean()).containsExactly(0.5, 0.5, 0.5);
        assertThat(c.imageStd()).isEqualTo(ImageProcessorConfig.OPENAI_CLIP_STD);
        assertThat(c.resample()).isEqualTo(3);
        assertThat(c.doPad()).isFalse();

        Files.writeString(file, "{\"size\": {\"height\": 10, \"width\": 20}}");
        assertThat(ImageProcessorConfig.read(file).size()).isEqualTo(new HeightWidth(10, 20));
    }

    @Test
    void invalidFilesAreIoErrors() throws IOException {
        Path file = Files.writeString(dir.resolve("p.json"), "{\"image_std\": [0.2, 0, 0.3]}");
        assertThatThrownBy(() -> ImageProcessorConfig.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("image_std");
        Files.writeString(file, "{\"do_resize\": \"yes\"}");
        assertThatThrownBy(() -> ImageProcessorConfig.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("do_resize");
        Files.writeString(file, "not json");
        assertThatThrownBy(() -> ImageProcessorConfig.read(file)).isInstanceOf(IOException.class);
        Files.writeString(file, "{\"size\": {\"longest_edge\": 10}}");
        assertThatThrownBy(() -> ImageProcessorConfig.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("size");
    }
}
