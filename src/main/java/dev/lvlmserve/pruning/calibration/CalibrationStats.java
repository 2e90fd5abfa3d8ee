package dev.lvlmserve.pruning.calibration;

import dev.lvlmserve.pruning.scoring.TokenSelection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** What one calibration pass produced: similarity statistics per scored layer and the SCP feature matrices. */
public final class CalibrationStats {
    private final Map<Integer, LayerStats> layers = new TreeMap<>();
    private final FeatureBank features;
    private int samples;

    CalibrationStats(Iterable<Integer> scoreLayers, int dim) {
        scoreLayers.forEach(l -> layers.put(l, new LayerStats(l)));
        this.features = new FeatureBank(dim);
    }

    LayerStats layer(int id) {
        return layers.get(id);
    }

    void sampleDone() {
        samples++;
    }

    public int sampleCount() {
        return samples;
    }

    /** Statistics of the scored layers, by layer id. */
    public Map<Integer, LayerStats> layers() {
        return Collections.unmodifiableMap(layers);
    }

    /** Mean input/output cosine per scored layer for one token selection; layers without data are left out. */
    public Map<Integer, Double> similarity(TokenSelection selection) {
        Map<Integer, Double> out = new TreeMap<>();
        layers.forEach((id, s) -> {
            double v = s.meanCosine(selection);
            if (!Double.isNaN(v)) {
                out.put(id, v);
            }
        });
        return out;
    }

    public FeatureBank features() {
        return features;
    }

    /** Bytes held by the statistics: constant per scored layer plus the feature rows. */
    public long footprintBytes() {
        return layers.size() * LayerStats.footprintBytes() + features.footprintBytes();
    }
}
