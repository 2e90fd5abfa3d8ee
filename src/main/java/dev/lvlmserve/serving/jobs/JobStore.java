package dev.lvlmserve.serving.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs on disk, one JSON file each under {@code <data-dir>/jobs}, so job history survives a restart. A job is saved
 * when created, at each stage and when it finishes; what a crash left half-done, {@link JobRecovery} sorts out.
 */
final class JobStore {
    private static final Logger log = LoggerFactory.getLogger(JobStore.class);
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path dir;

    JobStore(Path dataDir) {
        this.dir = dataDir.resolve("jobs");
    }

    synchronized void save(JobView job) { // the job thread and request threads save; one temp file per job
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + job.id() + ".json.tmp");
            Files.writeString(tmp, JSON.writeValueAsString(job));
            Files.move(tmp, dir.resolve(job.id() + ".json"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot persist job {}: {}", job.id(), e.getMessage());
        }
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
        } catch (IOException e) {
            log.warn("cannot delete job file {}: {}", id, e.getMessage());
        }
    }
}
