package dev.lvlmserve.serving.engine;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of the model ({@code /actuator/health/readiness} includes it as {@code model}): DOWN until the default
 * variant is loaded and has answered one dummy request at startup, so no traffic arrives before the first real
 * request can be served at full speed. Inference requests before then get 503 + {@code Retry-After}.
 */
@Component
public class ModelHealthIndicator implements HealthIndicator {
    private volatile String warmVariant;
    private volatile String failure;

    public void markReady(String variant) {
        this.warmVariant = variant;
        this.failure = null;
    }

    public void markFailed(String why) {
        this.failure = why;
    }

    public boolean isReady() {
        return warmVariant != null;
    }

    @Override
    public Health health() {
        if (warmVariant != null) {
            return Health.up().withDetail("warmVariant", warmVariant).build();
        }
        Health.Builder down = Health.down();
        return failure == null ? down.withDetail("state", "loading").build()
                : down.withDetail("error", failure).build();
    }
}
