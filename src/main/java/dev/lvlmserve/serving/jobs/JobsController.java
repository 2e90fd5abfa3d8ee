package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.serving.security.Access;
import dev.lvlmserve.serving.security.AccessLevel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Prune jobs: create a variant (202 + job), follow it, cancel it. Every operation is an operator's: a job shows the
 * request that started it, so listings are as private as the mutations.
 */
@RestController
@Tag(name = "jobs")
@Access(AccessLevel.ADMIN)
public class JobsController {
    private final PruneJobService jobs;

    public JobsController(PruneJobService jobs) {
        this.jobs = jobs;
    }

    @PostMapping("/v1/variants")
    @Operation(operationId = "createVariant", summary = "Create a pruned variant (admin)",
            description = "Starts a prune job and answers 202 with the job; one job runs at a time (409 otherwise).")
    @ApiResponse(responseCode = "202", description = "Accepted: the job; Location names it",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
    public ResponseEntity<JobView> create(@RequestBody CreateVariantRequest request) {
        JobView job = jobs.create(request);
        return ResponseEntity.accepted().location(URI.create("/v1/jobs/" + job.id())).body(job);
    }

    @GetMapping("/v1/jobs")
    @Operation(operationId = "listJobs", summary = "All prune jobs, oldest first")
    public List<JobView> list() {
        return jobs.list();
    }

    @GetMapping("/v1/jobs/{id}")
    @Operation(operationId = "getJob", summary = "One prune job: state, stage, percent, ETA, and plan and gate when done")
    public JobView get(@PathVariable String id) {
        return jobs.get(id);
    }

    @DeleteMapping("/v1/jobs/{id}")
    @Operation(operationId = "cancelJob", summary = "Cancel a prune job (admin)",
            description = "A queued job is cancelled at once; a running one stops at its next check.")
    public JobView cancel(@PathVariable String id) {
        return jobs.cancel(id);
    }
}
