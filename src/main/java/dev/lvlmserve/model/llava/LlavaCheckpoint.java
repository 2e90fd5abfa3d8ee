package dev.lvlmserve.model.llava;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.lvlmserve.model.Djl;
import dev.lvlmserve.model.Placement;
import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.io.CheckpointException;
import dev.lvlmserve.model.io.CheckpointFiles;
import dev.lvlmserve.model.io.KeyMapping;
import dev.lvlmserve.model.io.LoadedWeights;
import dev.lvlmserve.model.io.SafeDType;
import dev.lvlmserve.model.io.SafetensorsWriter;
import dev.lvlmserve.model.io.StrictWeightLoader;
import dev.lvlmserve.model.llama.LayerShape;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.nn.WeightMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes llava-hf checkpoint directories: {@code config.json}, {@code model.safetensors} (or shards with
 * an index), tokenizer and processor files. Loading is strict (see {@link StrictWeightLoader}); writing goes to a
 * temporary directory that is renamed into place, so a crash never leaves half a checkpoint.
 */
public final class LlavaCheckpoint {
    /** Files copied verbatim from a source checkpoint when writing a derived one. */
    public static final List<String> SIDE_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "preprocessor_config.json", "processor_config.json",
            "generation_config.json", "chat_template.json");

    private LlavaCheckpoint() {}

    /**
     * Loads the model weights of {@code dir} onto the placement's device, converted to its dtype tensor by tensor
     * while they are read (a BF16 or F32 checkpoint never exists in full precision on the host); the returned model
     * owns them.
     *
     * @param placement device and dtype; null means {@link Placement#cpuFloat32()}
     */
    public static LlavaModel loadModel(Path dir, Placement placement) {
        Placement p = placement == null ? Placement.cpuFloat32() : placement;
        return loadModel(dir, p.device(), p.dtype());
    }

    private static LlavaModel loadModel(Path dir, Device device, DataType dtype) {
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new CheckpointException("no config.json in " + dir);
        }
        LlavaConfig config = LlavaConfig.read(configFile);
        List<LayerShape> layers = layerShapes(configFile, config);
        NDManager owner = Djl.engine().newBaseManager(device);
        try (CheckpointFiles files = CheckpointFiles.open(dir)) {
            // unused vision layers load too, so exports stay complete
            LoadedWeights w = StrictWeightLoader.load(files, WeightLayout.expectedShapes(config, layers),
                    WeightLayout.optionalKeys(config), Set.of(), owner, dtype);
            return LlavaModel.full(config, new WeightMap(w.tensors()), owner);
        } catch (CheckpointException e) {
            owner.close();
            throw withTyingHint(e, config);
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }

    /** A missing lm_head from a config that ties at the top level only: say why the text config decides. */
    private static CheckpointException withTyingHint(CheckpointException e, LlavaConfig config) {
        boolean topOnly = config.tieWordEmbeddings() && !config.textConfig().tieWordEmbeddings();
        if (!topOnly || e.getMessage() == null || !e.getMessage().contains("lm_head")) {
            return e;
        }
        return new CheckpointException(e.getMessage() + "\n  (config.json sets tie_word_embeddings at the top level "
                + "but not in text_config; transformers ties lm_head by text_config, whose default is false)", e);
    }

    /**
     * The per-layer widths a checkpoint's config declares ({@link PerLayerWidths}), or null when its layers all have
     * the config's widths.
     */
    public static List<LayerShape> layerShapes(Path configFile, LlavaConfig config) {
        try {
            JsonNode text = Json.MAPPER.readTree(Files.readString(configFile)).get("text_config");
            return text == null ? null : PerLayerWidths.read(text, config.textConfig());
        } catch (IOException | JacksonException e) {
            throw new CheckpointException("cannot read " + configFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code model} as a standard checkpoint: decoder layers renumbered 0..n−1 in order, {@code
     * num_hidden_layers} updated, factored deltas materialized into their weights, per-layer widths (if the layers
     * differ) under {@link PerLayerWidths}' keys, side files copied from {@code sourceDir} (may be null), {@code
     * extraFiles} (name → content) added. Atomic: the directory appears complete or not at all.
     */
    public static void write(LlavaModel model, Path sourceDir, Path outDir, SafeDType dtype,
            Map<String, String> extraFiles) throws IOException {
        write(model, sourceDir, outDir, new WriteOptions(dtype, KeyMapping.Vintage.LEGACY, Long.MAX_VALUE),
                extraFiles);
    }

    /** How tensors are written: dtype, key vintage, and the shard size ({@code Long.MAX_VALUE}: one file). */
    public record WriteOptions(SafeDType dtype, KeyMapping.Vintage vintage, long maxShardBytes) {}

    public static void write(LlavaModel model, Path sourceDir, Path outDir, WriteOptions options,
            Map<String, String> extraFiles) throws IOException {
        if (Files.exists(outDir)) {
            throw new IOException(outDir + " already exists");
        }
        Path parent = outDir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + outDir.getFileName() + ".tmp-");
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning(); // materialized deltas live until the tensors are written
            ObjectNode config = model.config().toJson();
            PerLayerWidths.write((ObjectNode) config.get("text_config"), model.layerShapes(),
                    model.config().textConfig().headDim());
            Files.writeString(tmp.resolve("config.json"), Json.MAPPER.writeValueAsString(config));
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            renumbered(model).forEach((k, v) -> tensors.put(KeyMapping.toVintage(k, options.vintage()), v));
            SafetensorsWriter.writeSharded(tmp, tensors, options.dtype(), options.maxShardBytes(),
                    Map.of("format", "pt"));
            if (sourceDir != null) {
                for (String name : SIDE_FILES) {
                    Path f = sourceDir.resolve(name);
                    if (Files.isRegularFile(f)) {
                        Files.copy(f, tmp.resolve(name));
                    }
                }
            }
            for (Map.Entry<String, String> e : extraFiles.entrySet()) {
                Files.writeString(tmp.resolve(e.getKey()), e.getValue());
            }
            Files.move(tmp, outDir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    /**
     * The model's tensors under canonical keys with decoder layers numbered by position (what HF expects), each
     * factored delta folded into its weight (W + B·A in float64; the caller's scope owns the result).
     */
    static Map<String, NDArray> renumbered(LlavaModel model) {
        List<Integer> ids = model.languageModel().layerIds();
        Map<Integer, Integer> position = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            position.put(ids.get(i), i);
        }
        String p = LlamaModel.PREFIX + ".layers.";
        Map<String, NDArray> out = new LinkedHashMap<>();
        Map<String, NDArray> weights = model.weights().asMap();
        for (Map.Entry<String, NDArray> e : weights.entrySet()) {
            String key = e.getKey();
            if (WeightMap.isDeltaKey(key)) {
                continue;
            }
            NDArray value = e.getValue();
            String module = key.endsWith(".weight") ? key.substring(0, key.length() - ".weight".length()) : null;
            if (module != null && weights.containsKey(module + WeightMap.DELTA_A)) {
                NDArray a = weights.get(module + WeightMap.DELTA_A).toType(DataType.FLOAT64, false);
                NDArray b = weights.get(module + WeightMap.DELTA_B).toType(DataType.FLOAT64, false);
                value = value.toType(DataType.FLOAT64, false).add(b.matMul(a)).toType(value.getDataType(), false);
            }
            if (key.startsWith(p)) {
                int start = p.length();
                int dot = key.indexOf('.', start);
                Integer to = position.get(Integer.parseInt(key.substring(start, dot)));
                if (to == null) {
                    continue; // a removed layer's tensor still in the map
                }
                key = p + to + key.substring(dot);
            }
            out.put(key, value);
        }
        return out;
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover temporary directory is harmless and named as such
        }
    }
}
