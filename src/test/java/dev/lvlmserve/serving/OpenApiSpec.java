package dev.lvlmserve.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The committed OpenAPI spec ({@code openapi/openapi.yaml}) against the running app's. Both are normalised (maps
 * sorted by key, {@code servers} dropped) so only real API changes differ. Regenerate the file with
 * {@code -Dlvlm.openapi.write=true} when the API changes on purpose.
 */
final class OpenApiSpec {
    static final Path COMMITTED = Path.of("openapi", "openapi.yaml");

    private OpenApiSpec() {}

    static void assertMatchesCommitted(String liveYaml) {
        Object live = normalise(new Yaml().load(liveYaml));
        try {
            if (Boolean.getBoolean("lvlm.openapi.write")) {
                Files.createDirectories(COMMITTED.getParent());
                Files.writeString(COMMITTED, "# Generated from the running app by OpenApiSpec (serving tests); "
                        + "regenerate with -Dlvlm.openapi.write=true.\n" + dump(live));
            }
            if (!Files.isRegularFile(COMMITTED)) {
                fail(COMMITTED + " is missing; run the serving tests with -Dlvlm.openapi.write=true");
            }
            Object committed = normalise(new Yaml().load(Files.readString(COMMITTED)));
            assertEquals(dump(committed), dump(live), "the running app's OpenAPI spec differs from " + COMMITTED
                    + "; regenerate it with -Dlvlm.openapi.write=true if the change is intended");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object normalise(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> {
                if (!"servers".equals(k)) {
                    sorted.put(String.valueOf(k), normalise(v));
                }
            });
            return sorted;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(normalise(v)));
            return out;
        }
        return node;
    }

    private static String dump(Object node) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        return new Yaml(options).dump(node);
    }
}
