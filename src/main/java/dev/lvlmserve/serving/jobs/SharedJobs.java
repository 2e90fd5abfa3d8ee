package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.serving.variants.VariantRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs every replica sharing the data directory has saved. A job that is not finished is running somewhere as
 * long as the claim on its variant's name, taken for it, is live; once that claim has ended or expired, whatever
 * ran it is gone and {@link JobRecovery} settles it — on whichever replica notices first (they reach the same
 * verdict from the same files).
 */
final class SharedJobs {
    private static final Logger log = LoggerFactory.getLogger(SharedJobs.class);

    private final JobStore store;
    private final VariantRegistry registry;

    SharedJobs(JobStore store, VariantRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    /** Whether a live claim was taken for {@code v} (so some replica or prune Job is running it). */
    boolean runsSomewhere(JobView v) {
        return v.variant() != null && registry.claims().live(v.variant()).filter(l -> v.id().equals(l.job()))
                .isPresent();
    }

    /** The unfinished jobs on disk that nothing runs any more, except this replica's own. */
    List<JobView> orphans(Set<String> local) {
        List<JobView> out = new ArrayList<>();
        for (JobView v : store.load()) {
            if (!v.state().isTerminal() && !local.contains(v.id()) && !runsSomewhere(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Settles orphaned jobs: saved as failed or succeeded; those whose variant now awaits activation, returned. */
    List<JobView> settle(List<JobView> orphans) {
        if (orphans.isEmpty()) {
            return List.of();
        }
        JobRecovery.Result r = JobRecovery.recover(orphans, new JobRecovery.Variants(registry::find,
                registry.defaultName()));
        List<JobView> settled = new ArrayList<>();
        for (int i = 0; i < r.jobs().size(); i++) {
            JobView v = r.jobs().get(i).withRunner(orphans.get(i));
            log.info("job {} (variant {}) lost its runner: now {}", v.id(), v.variant(), v.state().json());
            store.save(v);
            settled.add(v);
        }
        return settled.stream().filter(v -> r.toActivate().contains(v.id())).toList();
    }
}
