package dev.lvlmserve.pruning.calibration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.generate.ObserverSite;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.scoring.KeptTokens;
import dev.lvlmserve.pruning.scoring.LayerSimilarity;
import dev.lvlmserve.pruning.scoring.TokenImportance;
import dev.lvlmserve.pruning.scoring.TokenLayout;
import dev.lvlmserve.pruning.scoring.TokenSelection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Observes one sample's forward (batch 1) and reduces what it sees to Java numbers. Within decoder layer ℓ the model
 * reports LAYER_INPUT, then ATTENTION_PROBS, then LAYER_OUTPUT, so layer ℓ's own attention defines the tokens kept for
 * ℓ's similarity (DESIGN §3). The input is duplicated until the output arrives; duplicates and deferred outputs live in
 * the caller's per-sample scope and die with it.
 */
final class SampleObserver implements ForwardObserver {
    private final CaptureSpec spec;
    private final TokenLayout layout;
    private final BooleanSupplier cancelled;
    private final String stage;
    private final Set<Integer> attentionLayers;
    private final Set<ObserverSite> sites = EnumSet.of(ObserverSite.LAYER_OUTPUT);
    private final Map<Integer, NDArray> inputs = new HashMap<>();
    private final Map<Integer, int[][]> kept = new HashMap<>(); // layer -> {joint, per modality}
    private final Map<FeatureKey, NDArray> deferred = new LinkedHashMap<>();
    final Map<Integer, double[]> sampleMeans = new TreeMap<>(); // layer -> mean cosine by selection ordinal
    final Map<FeatureKey, float[][]> rows = new LinkedHashMap<>();
    final Map<Integer, double[][]> channelSquares = new TreeMap<>(); // layer -> {attention output, MLP activation}

    SampleObserver(CaptureSpec spec, TokenLayout layout, BooleanSupplier cancelled, String stage) {
        this.spec = spec;
        this.layout = layout;
        this.cancelled = cancelled;
        this.stage = stage;
        this.attentionLayers = spec.attentionLayers();
        if (!spec.scoreLayers().isEmpty()) {
            sites.add(ObserverSite.LAYER_INPUT);
        }
        if (!attentionLayers.isEmpty()) {
            sites.add(ObserverSite.ATTENTION_PROBS);
        }
        if (!spec.channelLayers().isEmpty()) {
            sites.add(ObserverSite.ATTENTION_OUTPUT);
            sites.add(ObserverSite.MLP_ACTIVATION);
        }
    }

    @Override
    public Set<ObserverSite> sites() {
        return sites;
    }

    @Override
    public void observe(ObserverSite site, int layer, NDArray value) {
        switch (site) {
            case LAYER_INPUT -> {
                if (spec.scoreLayers().contains(layer)) {
                    inputs.put(layer, value.duplicate()); // (1, T, D)
                }
            }
            case ATTENTION_PROBS -> {
                if (attentionLayers.contains(layer)) {
                    importance(layer, value);
                }
            }
            case ATTENTION_OUTPUT -> channels(layer, 0, value);
            case MLP_ACTIVATION -> channels(layer, 1, value);
            case LAYER_OUTPUT -> {
                Cancellation.check(cancelled, stage); // every layer: a 7B forward is long, cancel within it
                if (spec.scoreLayers().contains(layer)) {
                    similarity(layer, value);
                }
                features(layer, value);
            }
            default -> {}
        }
    }

    /** Σ over tokens of x² per channel of (1, T, C), in float64. */
    private void channels(int layer, int which, NDArray value) {
        if (spec.channelLayers().contains(layer)) {
            double[] sq = value.toType(DataType.FLOAT64, false).square().sum(new int[] {0, 1}).toDoubleArray();
            channelSquares.computeIfAbsent(layer, l -> new double[2][])[which] = sq;
        }
    }

    private void importance(int layer, NDArray probs) { // (1, T, T) mean over heads
        float[] a = probs.toType(DataType.FLOAT32, false).toFloatArray();
        double[] tis = TokenImportance.compute(a, layout).tis();
        double p = spec.tokens().keepFraction();
        kept.put(layer, new int[][] {KeptTokens.top(tis, layout.all(), p), KeptTokens.perModality(tis, layout, p)});
    }

    private void similarity(int layer, NDArray output) {
        double[] cos = LayerSimilarity.tokenCosines(inputs.remove(layer), output); // (T)
        int[][] k = kept.get(layer);
        double[] means = new double[TokenSelection.values().length];
        means[TokenSelection.ALL.ordinal()] = LayerSimilarity.mean(cos, layout.all());
        means[TokenSelection.VISUAL.ordinal()] = LayerSimilarity.mean(cos, layout.visual());
        means[TokenSelection.TEXT.ordinal()] = LayerSimilarity.mean(cos, layout.text());
        means[TokenSelection.KEPT.ordinal()] = LayerSimilarity.mean(cos, k[0]);
        means[TokenSelection.KEPT_PER_MODALITY.ordinal()] = LayerSimilarity.mean(cos, k[1]);
        sampleMeans.put(layer, means);
    }

    private void features(int layer, NDArray output) {
        for (FeatureKey key : spec.features()) {
            if (key.layer() != layer) {
                continue;
            }
            if (!key.usesKeptTokens()) {
                rows.put(key, spec.stackedRows() == 0
                        ? new float[][] {FeatureRows.mean(output, null)}
                        : FeatureRows.gather(output, FeatureRows.evenlySpaced(layout.length(), spec.stackedRows())));
            } else if (keptFor(key.tokenLayer()) != null) {
                rows.put(key, new float[][] {FeatureRows.mean(output, keptFor(key.tokenLayer()))});
            } else {
                deferred.put(key, output.duplicate()); // the token layer runs later in this forward
            }
        }
    }

    private int[] keptFor(int tokenLayer) {
        int[][] k = kept.get(tokenLayer);
        return k == null ? null : k[spec.tokens().perModality() ? 1 : 0];
    }

    /** Resolves features that waited for a deeper layer's attention; call after the forward, inside its scope. */
    void finish() {
        deferred.forEach((key, output) -> {
            int[] k = keptFor(key.tokenLayer());
            if (k == null) {
                throw new IllegalStateException("layer " + key.tokenLayer() + " reported no attention");
            }
            rows.put(key, new float[][] {FeatureRows.mean(output, k)});
        });
        deferred.clear();
    }
}
