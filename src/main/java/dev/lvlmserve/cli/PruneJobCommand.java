package dev.lvlmserve.cli;

import dev.lvlmserve.serving.JobPod;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The prune's store mode: what a Kubernetes Job of this image runs. Instead of exporting a checkpoint it writes a
 * variant into the shared store, under the claim the accepting replica took, and reports progress there.
 */
@Command(name = "prune-job", mixinStandardHelpOptions = true,
        footer = {"", "Example: ./lvlm-serve prune-job job-1a2b3c4d --set lvlm.data-dir=/data"},
        description = "Run a prune job that a server saved in the shared data directory (the server's own "
                + "configuration: lvlm.data-dir, lvlm.models, ...), writing the variant into the store. This is "
                + "the command of the Kubernetes Jobs that lvlm.jobs.runner=kubernetes creates.")
final class PruneJobCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB_ID", description = "the job's id, e.g. job-1a2b3c4d")
    String id;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a configuration setting, as the server takes "
            + "it (e.g. --set lvlm.data-dir=/data)")
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return JobPod.run(id, settings.stream().map(s -> "--" + s).toList());
    }
}
