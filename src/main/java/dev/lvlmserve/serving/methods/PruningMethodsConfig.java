package dev.lvlmserve.serving.methods;

import dev.lvlmserve.pruning.apply.PruningEngine;
import dev.lvlmserve.pruning.plan.PruningMethod;
import dev.lvlmserve.serving.jobs.VariantBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The calibrated pruning methods a prune job may name. {@code last-n} is its own builder (no calibration), and
 * {@code enumerate} stays offline (the {@code ablate} command): it evaluates every layer subset, an upper bound for
 * research, not an operator's tool.
 */
@Configuration(proxyBeanMethods = false)
public class PruningMethodsConfig {
    private final PruningEngine engine = new PruningEngine();

    @Bean
    VariantBuilder shortLvlmBuilder() {
        return new EngineVariantBuilder(PruningMethod.SHORT_LVLM, engine);
    }

    @Bean
    VariantBuilder tisBuilder() {
        return new EngineVariantBuilder(PruningMethod.TIS, engine);
    }

    @Bean
    VariantBuilder scpBuilder() {
        return new EngineVariantBuilder(PruningMethod.SCP, engine);
    }

    @Bean
    VariantBuilder cosineAllBuilder() {
        return new EngineVariantBuilder(PruningMethod.COSINE_ALL, engine);
    }

    @Bean
    VariantBuilder textOnlyBuilder() {
        return new EngineVariantBuilder(PruningMethod.TEXT_ONLY, engine);
    }

    @Bean
    VariantBuilder visionOnlyBuilder() {
        return new EngineVariantBuilder(PruningMethod.VISION_ONLY, engine);
    }

    @Bean
    VariantBuilder blockInfluenceBuilder() {
        return new EngineVariantBuilder(PruningMethod.BLOCK_INFLUENCE, engine);
    }

    @Bean
    VariantBuilder randomBuilder() {
        return new EngineVariantBuilder(PruningMethod.RANDOM, engine);
    }
}
