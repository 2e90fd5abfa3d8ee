package dev.lvlmserve.serving;

import dev.lvlmserve.serving.jobs.VariantBuilder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The main class of one replica in {@link SharedStoreProcessesTest}: the real server application, started in a JVM
 * of its own, with the test's slow pruning method ({@link SlowTestBuilder}) so a build can be killed while it runs.
 */
public final class SharedStoreNode {
    private SharedStoreNode() {}

    public static void main(String[] args) {
        new SpringApplicationBuilder(ServerApplication.class)
                .initializers((GenericApplicationContext c) -> c.registerBean("testSlowBuilder", VariantBuilder.class,
                        () -> new SlowTestBuilder().slowTestBuilder()))
                .run(args);
    }
}
