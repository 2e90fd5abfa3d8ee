package dev.lvlmserve.serving.jobs;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.lvlmserve.serving.error.ServingException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(controllers = JobsController.class, properties = "lvlm.security.admin-key=admin")
class JobsControllerTest {
    @Autowired
    MockMvc mvc;

    @MockitoBean
    PruneJobService jobs;

    static JobView job(JobState state, double percent) {
        return new JobView("job-1", state, "building", percent, state == JobState.RUNNING ? 12.5 : null, "base",
                "last-n", 0.25, "v", true, false, Instant.parse("2026-01-01T00:00:00Z"), null, null, null, null,
                false, null);
    }

    @Test
    void createAnswers202WithTheJobAndItsLocation() throws Exception {
        when(jobs.create(any())).thenReturn(job(JobState.QUEUED, 0));
        mvc.perform(post("/v1/variants").header("X-Admin-Key", "admin").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ratio\":0.25,\"activate_on_success\":true,"
                                + "\"quality_gate\":{\"min_retention\":0.9,\"samples\":8}}"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/v1/jobs/job-1"))
                .andExpect(jsonPath("$.state").value("queued"))
                .andExpect(jsonPath("$.activate_on_success").value(true));
    }

    @Test
    void createNeedsTheAdminKeyAndReportsConflicts() throws Exception {
        mvc.perform(post("/v1/variants").contentType(MediaType.APPLICATION_JSON).content("{\"ratio\":0.25}"))
                .andExpect(status().isUnauthorized());
        when(jobs.create(any())).thenThrow(ServingException.conflict("job_running", "busy"));
        mvc.perform(post("/v1/variants").header("X-Admin-Key", "admin").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ratio\":0.25}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("job_running"));
        mvc.perform(post("/v1/variants").header("X-Admin-Key", "admin").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ratio\":\"x\"}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void readingJobsNeedsTheAdminKeyToo() throws Exception {
        when(jobs.list()).thenReturn(List.of(job(JobState.FAILED, 10)));
        mvc.perform(get("/v1/jobs")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("missing_admin_key"));
        mvc.perform(get("/v1/jobs/job-1").header("X-Admin-Key", "wrong")).andExpect(status().isForbidden());
    }

    @Test
    void showsListsAndCancelsJobs() throws Exception {
        when(jobs.get("job-1")).thenReturn(job(JobState.RUNNING, 40));
        when(jobs.list()).thenReturn(List.of(job(JobState.SUCCEEDED, 100)));
        when(jobs.get("nope")).thenThrow(ServingException.notFound("job_not_found", "no"));
        when(jobs.cancel("job-1")).thenReturn(job(JobState.CANCELLED, 40));
        mvc.perform(get("/v1/jobs/job-1").header("X-Admin-Key", "admin")).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("running"))
                .andExpect(jsonPath("$.percent").value(40.0))
                .andExpect(jsonPath("$.eta_seconds").value(12.5));
        mvc.perform(get("/v1/jobs").header("X-Admin-Key", "admin")).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].state").value("succeeded"));
        mvc.perform(get("/v1/jobs/nope").header("X-Admin-Key", "admin")).andExpect(status().isNotFound());
        mvc.perform(delete("/v1/jobs/job-1")).andExpect(status().isUnauthorized());
        mvc.perform(delete("/v1/jobs/job-1").header("X-Admin-Key", "admin")).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("cancelled"));
    }
}
