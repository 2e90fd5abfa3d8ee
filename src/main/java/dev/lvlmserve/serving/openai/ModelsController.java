package dev.lvlmserve.serving.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lvlmserve.model.Placement;
import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.security.Access;
import dev.lvlmserve.serving.security.AccessLevel;
import dev.lvlmserve.serving.variants.VariantEntry;
import dev.lvlmserve.serving.variants.VariantRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenAI's model list: every variant is a model a client can name. Beside OpenAI's fields each model says where it
 * runs and in which dtype ({@code lvlm.device} / {@code lvlm.dtype} as resolved at start-up).
 */
@RestController
@Tag(name = "openai")
@Access(AccessLevel.INFERENCE)
public class ModelsController {
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
    @Operation(operationId = "listModels", summary = "List models (OpenAI-compatible)")
    public ModelList list() {
        return new ModelList("list", registry.list().stream().map(this::model).toList());
    }

    @GetMapping("/v1/models/{id}")
    @Operation(operationId = "retrieveModel", summary = "Retrieve a model (OpenAI-compatible)")
    public Model get(@PathVariable String id) {
        return model(registry.require(id));
    }

    private Model model(VariantEntry m) {
        long created = m.createdAt() == null ? 0 : m.createdAt().getEpochSecond();
        Placement p = placement();
        return new Model(m.name(), "model", created, "lvlm-serve", p.deviceName(), p.dtypeName());
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
