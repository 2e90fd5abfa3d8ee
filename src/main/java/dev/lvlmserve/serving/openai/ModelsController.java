package dev.lvlmserve.serving.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
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

/** OpenAI's model list: every variant is a model a client can name. */
@RestController
@Tag(name = "openai")
@Access(AccessLevel.INFERENCE)
public class ModelsController {
    private final VariantRegistry registry;

    public ModelsController(VariantRegistry registry) {
        this.registry = registry;
    }

    public record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {}

    public record ModelList(String object, List<Model> data) {}

    @GetMapping("/v1/models")
    @Operation(operationId = "listModels", summary = "List models (OpenAI-compatible)")
    public ModelList list() {
        return new ModelList("list", registry.list().stream().map(ModelsController::model).toList());
    }

    @GetMapping("/v1/models/{id}")
    @Operation(operationId = "retrieveModel", summary = "Retrieve a model (OpenAI-compatible)")
    public Model get(@PathVariable String id) {
        return model(registry.require(id));
    }

    private static Model model(VariantEntry m) {
        long created = m.createdAt() == null ? 0 : m.createdAt().getEpochSecond();
        return new Model(m.name(), "model", created, "lvlm-serve");
    }
}
