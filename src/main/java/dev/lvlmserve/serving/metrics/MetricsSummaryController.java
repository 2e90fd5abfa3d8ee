package dev.lvlmserve.serving.metrics;

import dev.lvlmserve.serving.security.Access;
import dev.lvlmserve.serving.security.AccessLevel;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The key serving meters as JSON on the API's own port. {@code /actuator/prometheus} may live on a separate
 * management port (the Helm chart puts it there), which a page served from the API port cannot read under its
 * same-origin policy; this read-only summary is what the operator console polls. Inference level, like the variant
 * reads: it names no variant, but request rates are the service's business, not the public's.
 */
@RestController
@Tag(name = "metrics")
@Access(AccessLevel.INFERENCE)
public class MetricsSummaryController {
    private final MeterRegistry registry;

    public MetricsSummaryController(MeterRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/v1/metrics/summary")
    @Operation(operationId = "metricsSummary", summary = "Cumulative request, latency, queue and batch meters",
            description = "Summed over variants; two readings divided by the time between them give rates and "
                    + "windowed latency percentiles.")
    public MetricsSummary summary() {
        return MetricsSummary.of(registry, Instant.now());
    }
}
