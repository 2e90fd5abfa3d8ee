package dev.lvlmserve.serving;

import dev.lvlmserve.serving.config.LvlmProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The HTTP server. Everything below {@code dev.lvlmserve.serving} is Spring; the model and pruning are not. The
 * properties are enabled here rather than in a configuration class so that test slices get them too.
 */
@SpringBootApplication
@EnableConfigurationProperties(LvlmProperties.class)
public class ServerApplication {
    public static void start(String[] args) {
        SpringApplication.run(ServerApplication.class, args);
    }
}
