package dev.lvlmserve.pruning.calibration;

import dev.lvlmserve.pruning.scoring.TokenSelection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** What one calibration pass produced: similarity statistics per scored layer and the SCP feature matrices. */
public final class CalibrationStats {
    private final Map<Integer, LayerStats> layers = new TreeMap<>();
    private final FeatureBank features;
    private final Map<Integer, double[][]> channelSquares = new TreeMap<>();
    private int samples;

    CalibrationStats(Iterable<Integer> scoreLayers, int dim) {
        scoreLayers.forEach(l -> layers.put(l, new LayerStats(l)));
        this.features = new FeatureBank(dim);
    }

    LayerStats layer(int id) {
        return layers.get(id);
    }

    void addChannels(int layer, double[][] squares) {
        double[][] sum = channelSquares.computeIfAbsent(layer, l -> new double[][] {
            new double[squares[0].length], new double[squares[1].length]});
        for (int w = 0; w < 2; w++) {
            for (int c = 0; c < sum[w].length; c++) {
                sum[w][c] += squares[w][c];
            }
        }
    }

    /**
     * ‖X_c‖₂ over every calibration token of each input channel of layer {@code layer}'s {@code o_proj} ({@code [0]},
     * H·hd channels) and {@code down_proj} ({@code [1]}, I channels); null when not captured.
     */
    public double[][] channelNorms(int layer) {
        double[][] sq = channelSquares.get(layer);
        if (sq == null) {
            return null;
        }
        return new double[][] {java.util.Arrays.stream(sq[0]).map(Math::sqrt).toArray(),
            java.util.Arrays.stream(sq[1]).map(Math::sqrt).toArray()};
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

    /** Bytes held by the statistics: constant per scored layer plus the feature rows and channel sums. */
    public long footprintBytes() {
        long channels = channelSquares.values().stream().mapToLong(c -> (long) (c[0].length + c[1].length)
                * Double.BYTES).sum();
        return layers.size() * LayerStats.footprintBytes() + features.footprintBytes() + channels;
    }
}
