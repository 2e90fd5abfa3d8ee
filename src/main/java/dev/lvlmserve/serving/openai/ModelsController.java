package dev.lvlmserve.serving.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lvlmserve.model.Placement;
import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.security.Access;
import dev.lvlmserve.serving.security.AccessLevel;
import dev.lvlmserve.serving.variants.VariantEntry;
import dev.lvlmserve.serving.variants.VariantNames;
import dev.lvlmserve.serving.variants.VariantRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenAI's model list: every variant is a model a client can name, and {@code default} is listed too, as an alias
 * of the current default variant (same {@code created}), so a client that picks a model from this list can pick
 * "whatever is default". Beside OpenAI's fields each model says where it runs and in which dtype ({@code
 * lvlm.device} / {@code lvlm.dtype} as resolved at start-up).
 */
@RestController
@Tag(name = "openai")
@Access(AccessLevel.INFERENCE)
public class ModelsController {
    /** What a model without a recorded creation time reports: when this server started. */
    private static final long STARTED = Instant.now().getEpochSecond();

    private final VariantRegistry registry;
    private final LvlmProperties properties;
    private volatile Placement placement;

    public ModelsController(VariantRegistry registry, LvlmProperties properties) {
        this.registry = registry;
        this.properties = properties;
    }

    public record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy,
            String device, String dtype) {}

    public record ModelList(String object, List<Model> data) {}

    @GetMapping("/v1/models")
    @Operation(operationId = "listModels", summary = "List models (OpenAI-compatible); 'default' is an alias")
    public ModelList list() {
        List<Model> models = new ArrayList<>();
        for (VariantEntry m : registry.list()) {
            models.add(model(m.name(), m));
        }
        registry.find(registry.defaultName()).ifPresent(d -> models.add(model(VariantNames.DEFAULT_ALIAS, d)));
        return new ModelList("list", models);
    }

    @GetMapping("/v1/models/{id}")
    @Operation(operationId = "retrieveModel", summary = "Retrieve a model (OpenAI-compatible)")
    public Model get(@PathVariable String id) {
        if (VariantNames.DEFAULT_ALIAS.equals(id)) {
            return model(id, registry.require(registry.defaultName()));
        }
        return model(id, registry.require(id));
    }

    private Model model(String id, VariantEntry m) {
        long created = m.createdAt() == null ? STARTED : m.createdAt().getEpochSecond();
        Placement p = placement();
        return new Model(id, "model", created, "lvlm-serve", p.deviceName(), p.dtypeName());
    }

    private Placement placement() {
        Placement p = placement;
        if (p == null) {
            p = properties.placement(); // the same settings the variants were loaded with
            placement = p;
        }
        return p;
    }
}
