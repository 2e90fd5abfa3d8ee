package dev.lvlmserve.serving;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The server started inside another program (the load test), with Spring kept behind this class. */
public final class EmbeddedServer implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    private EmbeddedServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts the application with these command-line style arguments ({@code --server.port=0}, ...). */
    public static EmbeddedServer start(String... args) {
        return new EmbeddedServer(new SpringApplicationBuilder(ServerApplication.class).run(args));
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "-1"));
    }

    @Override
    public void close() {
        context.close();
    }
}
