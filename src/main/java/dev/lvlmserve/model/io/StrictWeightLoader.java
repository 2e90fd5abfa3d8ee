package dev.lvlmserve.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a checkpoint against the shapes a model expects, strictly: every checkpoint key must be expected (or a
 * known-ignorable buffer), every expected key present (unless optional), every shape equal. All problems are
 * collected and reported together, as transformers' {@code load_state_dict(strict=True)} does, so a wrong model or
 * a config mismatch shows its full extent in one error. Nothing is loaded until the whole checkpoint validates.
 */
public final class StrictWeightLoader {
    private StrictWeightLoader() {}

    /**
     * @param expectedShapes canonical key to expected shape; iteration order becomes the result's order
     * @param optionalKeys expected keys that may be absent (e.g. a tied {@code lm_head}); subset of expected
     * @param skipKeys expected keys validated but not loaded (e.g. the vision tower's unused last layer)
     * @param manager receives the arrays, loaded one tensor at a time
     */
    public static LoadedWeights load(CheckpointFiles files, Map<String, long[]> expectedShapes,
            Set<String> optionalKeys, Set<String> skipKeys, NDManager manager) {
        return load(files, expectedShapes, optionalKeys, skipKeys, manager, DataType.FLOAT32);
    }

    /**
     * As above, with every tensor converted to {@code dtype} (FLOAT32 or FLOAT16) while it is read and placed on
     * {@code manager}'s device, one tensor at a time: no full-precision copy of the checkpoint ever exists.
     */
    public static LoadedWeights load(CheckpointFiles files, Map<String, long[]> expectedShapes,
            Set<String> optionalKeys, Set<String> skipKeys, NDManager manager, DataType dtype) {
        requireSubset(optionalKeys, expectedShapes, "optionalKeys");
        requireSubset(skipKeys, expectedShapes, "skipKeys");
        KeyMapping.Vintage vintage = KeyMapping.detect(files.keys());
        Map<String, String> present = validate(files, expectedShapes, optionalKeys, vintage);

        Map<String, NDArray> tensors = new LinkedHashMap<>();
        Map<String, SafeDType> dtypes = new LinkedHashMap<>();
        try {
            for (String key : expectedShapes.keySet()) {
                String checkpointKey = present.get(key);
                if (checkpointKey == null) {
                    continue;
                }
                dtypes.put(key, files.dtypeOf(checkpointKey));
                if (!skipKeys.contains(key)) {
                    NDArray array = files.load(checkpointKey, manager, dtype);
                    array.setName(key);
                    tensors.put(key, array);
                }
            }
        } catch (RuntimeException e) {
            tensors.values().forEach(NDArray::close);
            throw e;
        }
        return new LoadedWeights(
                Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(dtypes), vintage);
    }

    /** Canonical key to checkpoint key for every expected key present; throws listing every problem found. */
    private static Map<String, String> validate(CheckpointFiles files, Map<String, long[]> expectedShapes,
            Set<String> optionalKeys, KeyMapping.Vintage vintage) {
        Map<String, String> present = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (String checkpointKey : files.keys()) {
            String key = KeyMapping.canonical(checkpointKey);
            long[] expected = expectedShapes.get(key);
            if (expected == null) {
                if (!KeyMapping.ignorable(key)) {
                    unexpected.add(describe(key, checkpointKey));
                }
                continue;
            }
            present.put(key, checkpointKey);
            long[] actual = files.info(checkpointKey).shape();
            if (!Arrays.equals(expected, actual)) {
                mismatched.add(describe(key, checkpointKey) + " expected " + Arrays.toString(expected) + " found "
                        + Arrays.toString(actual));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String key : expectedShapes.keySet()) {
            if (!present.containsKey(key) && !optionalKeys.contains(key)) {
                missing.add(KeyMapping.toVintage(key, vintage).equals(key)
                        ? key : key + " (as " + KeyMapping.toVintage(key, vintage) + ")");
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty()) {
            StringBuilder msg = new StringBuilder("checkpoint " + files.dir() + " (" + vintage
                    + " keys) does not match the model");
            section(msg, "missing keys", missing);
            section(msg, "unexpected keys", unexpected);
            section(msg, "shape mismatches", mismatched);
            throw new CheckpointException(msg.toString());
        }
        return present;
    }

    private static String describe(String canonicalKey, String checkpointKey) {
        return canonicalKey.equals(checkpointKey) ? canonicalKey : canonicalKey + " (as " + checkpointKey + ")";
    }

    private static void section(StringBuilder msg, String title, List<String> items) {
        if (!items.isEmpty()) {
            msg.append("\n  ").append(title).append(" (").append(items.size()).append("): ")
                    .append(KeyListing.of(items));
        }
    }

    private static void requireSubset(Set<String> keys, Map<String, long[]> expected, String what) {
        for (String k : keys) {
            if (!expected.containsKey(k)) {
                throw new IllegalArgumentException(what + " contains '" + k + "', which has no expected shape");
            }
        }
    }
}
