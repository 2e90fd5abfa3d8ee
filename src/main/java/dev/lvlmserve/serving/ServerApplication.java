package dev.lvlmserve.serving;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The HTTP server. Everything below {@code dev.lvlmserve.serving} is Spring; the model and pruning are not. */
@SpringBootApplication
public class ServerApplication {
    public static void start(String[] args) {
        SpringApplication.run(ServerApplication.class, args);
    }
}
