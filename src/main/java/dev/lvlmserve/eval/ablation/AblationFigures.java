package dev.lvlmserve.eval.ablation;

import dev.lvlmserve.DefaultModel;
import dev.lvlmserve.eval.report.Charts;
import dev.lvlmserve.model.config.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The ablation's figures, from its results: drawn at the end of a run, or again from a saved {@code results.json}
 * (so a change of style does not need the 70-minute run again).
 */
public final class AblationFigures {
    private static final List<String> RETENTION_METHODS = List.of("short-lvlm", "block-influence", "random",
            "width-taylor", "width-activation", "width-random");

    private AblationFigures() {}

    static void write(Path out, AblationConfig config, Map<String, Double> base, List<MethodResult> results,
            double[][] similarity, String command) throws IOException {
        String on = " (" + modelOf(command) + ")";
        double[] ratios = config.ratios().stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, double[]> series = new LinkedHashMap<>();
        Map<String, double[]> describe = new LinkedHashMap<>();
        Map<String, double[]> retention = new LinkedHashMap<>();
        for (String method : config.methods()) {
            List<MethodResult> rows = results.stream().filter(r -> r.method().equals(method)).toList();
            series.put(method, rows.stream().mapToDouble(MethodResult::average).toArray());
            describe.put(method, rows.stream().mapToDouble(r -> r.perSuite().getOrDefault("describe", Double.NaN))
                    .toArray());
            if (RETENTION_METHODS.contains(method)) {
                retention.put(method, rows.stream().mapToDouble(r -> 100 * r.average() / base.get("average"))
                        .toArray());
            }
        }
        Charts.lines(out.resolve("accuracy_vs_ratio.png"), "Average benchmark score vs pruning ratio" + on,
                "average headline metric (0-100)", ratios, series);
        Charts.lines(out.resolve("describe_vs_ratio.png"), "Scene-description F1 vs pruning ratio" + on,
                "F1 (0-100)", ratios, describe);
        Charts.lines(out.resolve("layer_vs_width.png"),
                "Zero-shot retention, layer vs width at equal parameter cuts" + on,
                "% of the full model's average", ratios, retention);
        Charts.heatmap(out.resolve("similarity_heatmap.png"),
                "Cosine similarity of hidden states" + on, similarity);
        List<String> labels = new ArrayList<>();
        List<Set<Integer>> removed = new ArrayList<>();
        for (MethodResult r : results) {
            if (r.method().equals("short-lvlm")) {
                labels.add(String.format("Short-LVLM %d%%", Math.round(r.ratio() * 100)));
                removed.add(new HashSet<>(r.removedLayers().getFirst()));
            }
        }
        // hidden states are the embeddings plus one per layer
        Charts.save(Charts.layerDiagram("Decoder layers Short-LVLM keeps (blue) and removes (grey)" + on, labels,
                similarity.length - 1, removed), out.resolve("retained_layers.png"));
    }

    /** The model a run's command names ({@code --model DIR}), else the embedded default model. */
    static String modelOf(String command) {
        var m = java.util.regex.Pattern.compile("--model[ =](\\S+)").matcher(command);
        return m.find() ? Path.of(m.group(1)).getFileName().toString() : DefaultModel.NAME;
    }

    /** Redraws every figure from {@code dir/results.json}, written by an earlier run. */
    public static void redraw(Path dir) throws IOException {
        JsonNode root = Json.MAPPER.readTree(Files.readString(dir.resolve("results.json")));
        AblationConfig config = Json.MAPPER.treeToValue(root.get("config"), AblationConfig.class);
        Map<String, Double> base = new LinkedHashMap<>();
        root.get("base").properties().forEach(e -> base.put(e.getKey(), e.getValue().asDouble()));
        List<MethodResult> results = new ArrayList<>();
        for (JsonNode r : root.get("results")) {
            results.add(Json.MAPPER.treeToValue(r, MethodResult.class));
        }
        JsonNode sim = root.get("similarity");
        double[][] similarity = new double[sim.size()][];
        for (int i = 0; i < sim.size(); i++) {
            similarity[i] = new double[sim.get(i).size()];
            for (int j = 0; j < similarity[i].length; j++) {
                similarity[i][j] = sim.get(i).get(j).asDouble();
            }
        }
        write(dir, config, base, results, similarity, root.path("command").asString(""));
    }
}
