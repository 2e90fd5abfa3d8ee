package dev.lvlmserve.serving.engine;

import dev.lvlmserve.model.llava.LlavaPipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Image features for the requests about to run: one pass through the vision tower for all distinct images that
 * are not cached yet, results cached per vision key and image hash. Runs on the worker thread; Java arrays only
 * come out.
 */
final class VisionStage {
    private final String visionKey;
    private final LlavaPipeline pipeline;
    private final FeatureCache cache;

    VisionStage(String visionKey, LlavaPipeline pipeline, FeatureCache cache) {
        this.visionKey = visionKey;
        this.pipeline = pipeline;
        this.cache = cache;
    }

    void computeFeatures(List<PendingRequest> batch) {
        Map<String, float[]> distinct = new LinkedHashMap<>(); // image hash -> pixel values still to encode
        for (PendingRequest p : batch) {
            if (p.needsVision()) {
                float[] cached = cache.get(visionKey, p.imageHash); // another request may have filled it meanwhile
                if (cached != null) {
                    p.features = cached;
                } else {
                    distinct.putIfAbsent(p.imageHash, p.pixels);
                }
            }
        }
        if (distinct.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        float[][] features = pipeline.imageFeatures(new ArrayList<>(distinct.values()));
        long took = System.nanoTime() - t0;
        Map<String, float[]> byHash = new LinkedHashMap<>();
        int i = 0;
        for (String hash : distinct.keySet()) {
            float[] f = features[i++];
            byHash.put(hash, f);
            cache.put(visionKey, hash, f);
        }
        for (PendingRequest p : batch) {
            if (p.needsVision()) {
                p.features = byHash.get(p.imageHash);
                p.visionNanos = took;
            }
        }
    }
}
