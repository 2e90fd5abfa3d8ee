package dev.lvlmserve.serving;

import dev.lvlmserve.serving.jobs.JobState;
import dev.lvlmserve.serving.jobs.JobView;
import dev.lvlmserve.serving.jobs.PruneJobService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** Settings a pod always runs with, whatever it was given: Spring would join a repeated key's values. */
    static final Map<String, String> FORCED = Map.of("lvlm.jobs.runner", "in-process", "lvlm.engine.warmup", "false");

    /** Runs job {@code id}; the exit code is 0 when it succeeded, 1 when it failed or was cancelled. */
    public static int run(String id, List<String> springArgs) throws Exception {
        List<String> args = withForced(springArgs);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ServerApplication.class)
                .web(WebApplicationType.NONE).run(args.toArray(String[]::new))) {
            JobView v = context.getBean(PruneJobService.class).runStored(id);
            System.out.println("job " + id + ": " + v.state().json() + (v.error() != null ? " — " + v.error() : ""));
            return v.state() == JobState.SUCCEEDED ? 0 : 1;
        }
    }

    /** {@code springArgs} ({@code --key=value}) without any of the forced keys, then the forced settings. */
    static List<String> withForced(List<String> springArgs) {
        List<String> args = new ArrayList<>();
        for (String a : springArgs) {
            int eq = a.indexOf('=');
            String key = (eq < 0 ? a : a.substring(0, eq)).replaceFirst("^--", "");
            if (!FORCED.containsKey(key)) {
                args.add(a);
            }
        }
        FORCED.forEach((k, v) -> args.add("--" + k + "=" + v));
        return args;
    }
}
