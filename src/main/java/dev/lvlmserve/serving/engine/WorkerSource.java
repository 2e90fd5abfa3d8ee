package dev.lvlmserve.serving.engine;

/** Finds the worker of a variant, loading the variant if needed (implemented by the variant registry). */
public interface WorkerSource {
    /**
     * @param name a variant name; null, blank or {@code default} for the current default
     * @throws dev.lvlmserve.serving.error.ServingException 404 for an unknown variant, 503 before startup
     */
    VariantWorker acquire(String name);
}
