package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.serving.store.StoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs on disk, one JSON file each under {@code <data-dir>/jobs}, so job history survives a restart and every
 * replica sharing the directory shows every job. A job is saved by whoever runs it: when created, at each stage,
 * every poll interval while it runs, and when it finishes; what a crash left half-done, {@link JobRecovery} sorts
 * out. Beside the records: {@code requests/<id>.json} (the request as validated, for a prune Job pod to run) and
 * {@code cancel/<id>} (a cancellation asked for on a replica that does not run the job).
 */
final class JobStore {
    private static final Logger log = LoggerFactory.getLogger(JobStore.class);
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path dir;

    JobStore(Path dataDir) {
        this.dir = dataDir.resolve("jobs");
    }

    synchronized void save(JobView job) { // the job thread and request threads save; each through its own temp file
        try {
            Files.createDirectories(dir);
            StoreFiles.writeAtomically(dir.resolve(job.id() + ".json"), JSON.writeValueAsString(job));
        } catch (IOException | RuntimeException e) {
            log.warn("cannot persist job {}: {}", job.id(), e.getMessage());
        }
    }

    /**
     * Saves the job's view unless it has finished: the view is taken under the store's lock, so a save of a running
     * job never lands after the job thread's last save.
     */
    synchronized void saveWhileRunning(java.util.function.Supplier<JobView> view) {
        JobView v = view.get();
        if (!v.state().isTerminal()) {
            save(v);
        }
    }

    /** The job as last saved, by any replica; empty when there is none. */
    Optional<JobView> read(String id) {
        try {
            String text = StoreFiles.readOrNull(dir.resolve(id + ".json"));
            return text == null ? Optional.empty() : Optional.of(JSON.readValue(text, JobView.class));
        } catch (IOException | RuntimeException e) {
            log.warn("cannot read job {}: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    void saveRequest(String id, CreateVariantRequest request) throws IOException {
        Files.createDirectories(dir.resolve("requests"));
        StoreFiles.writeAtomically(dir.resolve("requests").resolve(id + ".json"), JSON.writeValueAsString(request));
    }

    CreateVariantRequest readRequest(String id) throws IOException {
        String text = StoreFiles.readOrNull(dir.resolve("requests").resolve(id + ".json"));
        if (text == null) {
            throw new IOException("no request saved for job " + id);
        }
        return JSON.readValue(text, CreateVariantRequest.class);
    }

    void requestCancel(String id) {
        try {
            Files.createDirectories(dir.resolve("cancel"));
            StoreFiles.writeAtomically(dir.resolve("cancel").resolve(id), "cancel");
        } catch (IOException e) {
            log.warn("cannot ask for job {} to be cancelled: {}", id, e.getMessage());
        }
    }

    boolean cancelAsked(String id) {
        return Files.exists(dir.resolve("cancel").resolve(id));
    }

    /** Persisted jobs as they were saved, oldest first. */
    List<JobView> load() {
        List<JobView> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    JobView v = JSON.readValue(f.toFile(), JobView.class);
                    out.add(v);
                } catch (RuntimeException e) {
                    log.warn("skipping unreadable job file {}: {}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            log.warn("cannot list {}: {}", dir, e.getMessage());
        }
        out.sort(Comparator.comparing(JobView::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    void delete(String id) {
        try {
            Files.deleteIfExists(dir.resolve(id + ".json"));
            Files.deleteIfExists(dir.resolve("requests").resolve(id + ".json"));
            Files.deleteIfExists(dir.resolve("cancel").resolve(id));
        } catch (IOException e) {
            log.warn("cannot delete job file {}: {}", id, e.getMessage());
        }
    }
}
