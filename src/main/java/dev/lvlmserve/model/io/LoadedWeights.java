package dev.lvlmserve.model.io;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * The result of strict loading. The arrays belong to the manager passed to the loader; close that manager to free
 * them. Holds NDArrays, whose {@code equals} compares contents natively: never use an instance as a map key.
 *
 * @param tensors canonical key to array (FLOAT32 or FLOAT16, as asked), in the order of the expected-shape map
 * @param sourceDtypes canonical key to the dtype stored in the checkpoint (also for validated-but-skipped keys)
 * @param vintage the key layout the checkpoint used
 */
public record LoadedWeights(
        Map<String, NDArray> tensors, Map<String, SafeDType> sourceDtypes, KeyMapping.Vintage vintage) {}
