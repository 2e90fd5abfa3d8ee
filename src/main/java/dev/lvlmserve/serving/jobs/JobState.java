package dev.lvlmserve.serving.jobs;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A prune job's life: queued → running → succeeded | failed | cancelled (a queued job may be cancelled too). */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
