package dev.lvlmserve.serving.methods;

import dev.lvlmserve.pruning.apply.PruningEngine;
import dev.lvlmserve.serving.jobs.VariantBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The pruning methods prune jobs may name: one builder for every method the pruning registry serves
 * ({@code PruningMethod.served()}: everything but {@code enumerate}, which evaluates every layer subset — an offline
 * upper bound for the {@code ablate} command, not an operator's tool).
 */
@Configuration(proxyBeanMethods = false)
public class PruningMethodsConfig {
    @Bean
    VariantBuilder pruningEngineBuilder() {
        return new EngineVariantBuilder(new PruningEngine());
    }
}
