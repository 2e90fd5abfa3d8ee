package dev.lvlmserve.serving.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's header. The server URL is fixed to {@code /} so the generated spec does not depend on the
 * host and port it was fetched from (the committed {@code openapi/openapi.yaml} is compared with it).
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {
    @Bean
    OpenAPI lvlmOpenApi() {
        return new OpenAPI()
                .info(new Info().title("lvlm-serve").version("v1")
                        .description("Visual question answering with LLaVA-style models, OpenAI-compatible chat "
                                + "completions, and pruned variants built in the background."))
                .servers(List.of(new Server().url("/")));
    }
}
