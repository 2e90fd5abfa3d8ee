package dev.lvlmserve.pruning.calibration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;

/**
 * The SCP feature matrices X^ℓ (paper §4.2), stored as float rows of length D in sample order. Memory is rows × D
 * floats per key; rows per sample are fixed by the {@link CaptureSpec}, so it does not grow with prompt length.
 */
public final class FeatureBank {
    private final int dim;
    private final Map<FeatureKey, List<float[]>> rows = new LinkedHashMap<>();

    public FeatureBank(int dim) {
        this.dim = dim;
    }

    void add(FeatureKey key, float[] row) {
        if (row.length != dim) {
            throw new IllegalArgumentException("feature row of " + row.length + " floats, expected " + dim);
        }
        rows.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
    }

    public int dim() {
        return dim;
    }

    public Set<FeatureKey> keys() {
        return Collections.unmodifiableSet(rows.keySet());
    }

    public boolean containsAll(Set<FeatureKey> keys) {
        return rows.keySet().containsAll(keys);
    }

    public int rowCount(FeatureKey key) {
        List<float[]> r = rows.get(key);
        return r == null ? 0 : r.size();
    }

    /** X^p − X^r in float64 (the paper's H_{p,r}, Eq. 7): rows × D. */
    public DMatrixRMaj difference(FeatureKey minuend, FeatureKey subtrahend) {
        List<float[]> a = require(minuend);
        List<float[]> b = require(subtrahend);
        if (a.size() != b.size()) {
            throw new IllegalStateException("features " + minuend + " and " + subtrahend + " have " + a.size()
                    + " and " + b.size() + " rows");
        }
        DMatrixRMaj h = new DMatrixRMaj(a.size(), dim);
        for (int i = 0; i < a.size(); i++) {
            float[] x = a.get(i);
            float[] y = b.get(i);
            for (int j = 0; j < dim; j++) {
                h.unsafe_set(i, j, (double) x[j] - (double) y[j]);
            }
        }
        return h;
    }

    /** One feature matrix in float64 (rows × D). */
    public DMatrixRMaj matrix(FeatureKey key) {
        List<float[]> a = require(key);
        DMatrixRMaj x = new DMatrixRMaj(a.size(), dim);
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < dim; j++) {
                x.unsafe_set(i, j, a.get(i)[j]);
            }
        }
        return x;
    }

    private List<float[]> require(FeatureKey key) {
        List<float[]> r = rows.get(key);
        if (r == null) {
            throw new IllegalStateException("no features were captured for " + key + " (captured: " + rows.keySet()
                    + ")");
        }
        return r;
    }

    /** Bytes held by the stored rows. */
    public long footprintBytes() {
        return rows.values().stream().mapToLong(l -> (long) l.size() * dim * Float.BYTES).sum();
    }
}
