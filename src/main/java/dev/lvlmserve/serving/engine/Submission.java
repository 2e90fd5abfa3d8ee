package dev.lvlmserve.serving.engine;

import java.util.concurrent.CompletableFuture;

/** A queued request: which variant took it (known at once, for stream headers) and its eventual completion. */
public record Submission(String variant, String model, CompletableFuture<Completion> result) {}
