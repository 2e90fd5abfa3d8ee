package dev.lvlmserve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The unpacked default model's cache directory is named by the weights' content, so new weights never reuse it. */
class DefaultModelCacheKeyTest {
    @Test
    void theCacheKeyIsTheSha256OfThePackedWeights() throws Exception {
        byte[] weights = Files.readAllBytes(Path.of("models", DefaultModel.NAME, "model.safetensors"));
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(weights))
                .substring(0, 16);
        assertEquals(expected, DefaultModel.resourceDigest("/models/" + DefaultModel.NAME + "/model.safetensors"));
        assertThrows(java.io.IOException.class, () -> DefaultModel.resourceDigest("/models/none/model.safetensors"));
    }
}
