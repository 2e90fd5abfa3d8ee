package dev.lvlmserve.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.Djl;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrictWeightLoaderTest {
    @TempDir
    Path dir;

    private static final String EMBED = "language_model.model.embed_tokens.weight";
    private static final String HEAD = "language_model.lm_head.weight";
    private static final String PROJ = "multi_modal_projector.linear_1.weight";
    private static final String LAST_VISION = "vision_tower.vision_model.encoder.layers.1.mlp.fc1.weight";

    private static Map<String, long[]> expected() {
        Map<String, long[]> e = new LinkedHashMap<>();
        e.put(EMBED, new long[] {4, 2});
        e.put(HEAD, new long[] {4, 2});
        e.put(PROJ, new long[] {2, 3});
        e.put(LAST_VISION, new long[] {3});
        return e;
    }

    /** Writes {@code canonical key -> shape} under the keys of {@code vintage}, filled with 0, 1, 2, ... */
    private CheckpointFiles checkpoint(Map<String, long[]> shapes, KeyMapping.Vintage vintage, SafeDType dtype) {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        shapes.forEach((key, shape) -> {
            float[] data = new float[(int) TensorInfo.numel(shape)];
            for (int i = 0; i < data.length; i++) {
                data[i] = i;
            }
            tensors.put(KeyMapping.toVintage(key, vintage), new FloatTensor(data, shape));
        });
        SafetensorsWriter.writeFloats(dir.resolve(CheckpointFiles.SINGLE_FILE), tensors, dtype, Map.of());
        return CheckpointFiles.open(dir);
    }

    @Test
    void modernCheckpointLoadsUnderCanonicalNames() {
        Map<String, long[]> shapes = new LinkedHashMap<>(expected());
        shapes.put("language_model.model.layers.0.self_attn.rotary_emb.inv_freq", new long[] {1});
        try (CheckpointFiles files = checkpoint(shapes, KeyMapping.Vintage.MODERN, SafeDType.BF16);
                NDManager m = Djl.newManager()) {
            LoadedWeights w = StrictWeightLoader.load(files, expected(), Set.of(), Set.of(LAST_VISION), m);
            assertEquals(KeyMapping.Vintage.MODERN, w.vintage());
            assertEquals(List.of(EMBED, HEAD, PROJ), List.copyOf(w.tensors().keySet()), "skip key not loaded");
            assertEquals(SafeDType.BF16, w.sourceDtypes().get(LAST_VISION), "skip key still validated");
            NDArray proj = w.tensors().get(PROJ);
            assertArrayEquals(new long[] {2, 3}, proj.getShape().getShape());
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, proj.toFloatArray());
            assertEquals(PROJ, proj.getName());
        }
    }

    @Test
    void optionalKeyMayBeAbsent() {
        Map<String, long[]> shapes = new LinkedHashMap<>(expected());
        shapes.remove(HEAD);
        try (CheckpointFiles files = checkpoint(shapes, KeyMapping.Vintage.LEGACY, SafeDType.F32);
                NDManager m = Djl.newManager()) {
            LoadedWeights w = StrictWeightLoader.load(files, expected(), Set.of(HEAD), Set.of(), m);
            assertFalse(w.tensors().containsKey(HEAD));
            assertEquals(3, w.tensors().size());
        }
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, long[]> shapes = new LinkedHashMap<>(expected());
        shapes.remove(HEAD); // missing
        shapes.put(PROJ, new long[] {3, 2}); // wrong shape
        shapes.put("multi_modal_projector.linear_9.weight", new long[] {1}); // unexpected
        try (CheckpointFiles files = checkpoint(shapes, KeyMapping.Vintage.MODERN, SafeDType.F16);
                NDManager m = Djl.newManager()) {
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> StrictWeightLoader.load(files, expected(), Set.of(), Set.of(), m));
            String msg = e.getMessage();
            assertTrue(msg.contains(dir.toString()), msg);
            assertTrue(msg.contains("missing keys (1): " + HEAD + " (as lm_head.weight)"), msg);
            assertTrue(msg.contains("unexpected keys (1): multi_modal_projector.linear_9.weight"
                    + " (as model.multi_modal_projector.linear_9.weight)"), msg);
            assertTrue(msg.contains("shape mismatches (1): " + PROJ), msg);
            assertTrue(msg.contains("expected [2, 3] found [3, 2]"), msg);
        }
    }

    @Test
    void longListsAreCapped() {
        Map<String, long[]> expected = new LinkedHashMap<>();
        for (int i = 0; i < 25; i++) {
            expected.put("language_model.model.layers." + i + ".mlp.down_proj.weight", new long[] {1});
        }
        Map<String, long[]> present = Map.of(EMBED, new long[] {4, 2});
        try (CheckpointFiles files = checkpoint(present, KeyMapping.Vintage.LEGACY, SafeDType.F32);
                NDManager m = Djl.newManager()) {
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> StrictWeightLoader.load(files, expected, Set.of(), Set.of(), m));
            assertTrue(e.getMessage().contains("missing keys (25): "), e.getMessage());
            assertTrue(e.getMessage().contains("layers.19.mlp"), e.getMessage());
            assertFalse(e.getMessage().contains("layers.20.mlp"), e.getMessage());
            assertTrue(e.getMessage().contains("... and 5 more"), e.getMessage());
            assertTrue(e.getMessage().contains("unexpected keys (1): " + EMBED), e.getMessage());
        }
    }

    @Test
    void skipAndOptionalKeysMustHaveExpectedShapes() {
        Map<String, long[]> shapes = expected();
        try (CheckpointFiles files = checkpoint(shapes, KeyMapping.Vintage.LEGACY, SafeDType.F32);
                NDManager m = Djl.newManager()) {
            assertThrows(IllegalArgumentException.class,
                    () -> StrictWeightLoader.load(files, shapes, Set.of("nope"), Set.of(), m));
        }
    }
}
