package dev.lvlmserve.serving.variants;

import dev.lvlmserve.serving.security.Access;
import dev.lvlmserve.serving.security.AccessLevel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;

/** Lists, inspects, activates and deletes variants. Creating one is a prune job ({@code POST /v1/variants}). */
@RestController
@RequestMapping("/v1/variants")
@Tag(name = "variants")
@Access(AccessLevel.INFERENCE)
public class VariantsController {
    private static final TypeReference<Map<String, Object>> RECIPE = new TypeReference<>() {};

    private final VariantRegistry registry;

    public VariantsController(VariantRegistry registry) {
        this.registry = registry;
    }

    @GetMapping
    @Operation(operationId = "listVariants", summary = "All variants (bases included) and the current default")
    public VariantList list() {
        List<VariantView> views = registry.list().stream().map(e -> view(e, null, null)).toList();
        return new VariantList(registry.defaultName(), views);
    }

    @GetMapping("/{name}")
    @Operation(operationId = "getVariant", summary = "One variant, with its recipe and per-layer widths",
            description = "The recipe lists the removed layers, the kept heads and neurons per layer, the low-rank "
                    + "deltas and their ranks, and the report of how it was found.")
    public VariantView get(@PathVariable String name) {
        VariantEntry e = registry.require(name);
        Map<String, Object> recipe = VariantStore.JSON.readValue(e.recipe().toJson(), RECIPE);
        return view(e, LayerWidths.of(e.recipe(), registry.baseShape(e.base())), recipe);
    }

    @PostMapping("/{name}/activate")
    @Access(AccessLevel.ADMIN)
    @Operation(operationId = "activateVariant", summary = "Make a variant the default (admin)",
            description = "Atomic: requests already queued finish on the previous default.")
    public VariantView activate(@PathVariable String name) {
        return view(registry.activate(name), null, null);
    }

    @DeleteMapping("/{name}")
    @Access(AccessLevel.ADMIN)
    @Operation(operationId = "deleteVariant", summary = "Delete a pruned variant (admin)", description = "Not the default, not a base: 409.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    public ResponseEntity<Void> delete(@PathVariable String name) {
        registry.delete(name);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(value = "/{name}/report", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(operationId = "variantReport",
            summary = "PNG report: per-layer scores, the retained layers and each layer's kept width")
    public ResponseEntity<byte[]> report(@PathVariable String name) {
        VariantEntry e = registry.require(name);
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(VariantReport.png(e,
                registry.baseShape(e.base())));
    }

    private VariantView view(VariantEntry e, List<VariantView.LayerView> layers, Map<String, Object> recipe) {
        Long baseBytes = registry.find(e.base()).map(VariantEntry::bytes).orElse(null);
        return VariantView.of(e, registry.isLoaded(e.name()), e.name().equals(registry.defaultName()), baseBytes,
                layers, recipe);
    }
}
