package dev.lvlmserve.serving;

import dev.lvlmserve.serving.jobs.JobState;
import dev.lvlmserve.serving.jobs.JobView;
import dev.lvlmserve.serving.jobs.PruneJobService;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A prune Job pod's process: the application without its web server, configured exactly as the server is (the same
 * ConfigMap and environment), running one job that a replica saved in the shared store and then exiting. It prunes
 * in-process whatever {@code lvlm.jobs.runner} says, and skips the warm-up: it answers no requests.
 */
public final class JobPod {
    private JobPod() {}

    /** Runs job {@code id}; the exit code is 0 when it succeeded, 1 when it failed or was cancelled. */
    public static int run(String id, List<String> springArgs) throws Exception {
        List<String> args = new ArrayList<>(springArgs);
        args.add("--lvlm.jobs.runner=in-process");
        args.add("--lvlm.engine.warmup=false");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ServerApplication.class)
                .web(WebApplicationType.NONE).run(args.toArray(String[]::new))) {
            JobView v = context.getBean(PruneJobService.class).runStored(id);
            System.out.println("job " + id + ": " + v.state().json() + (v.error() != null ? " — " + v.error() : ""));
            return v.state() == JobState.SUCCEEDED ? 0 : 1;
        }
    }
}
