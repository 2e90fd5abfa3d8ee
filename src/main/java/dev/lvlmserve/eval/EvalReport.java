package dev.lvlmserve.eval;

import dev.lvlmserve.model.config.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes evaluation results as JSON and as a markdown table (the README's format). */
public final class EvalReport {
    private EvalReport() {}

    public static String markdown(List<SuiteResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| suite | metric | score | n | samples/s (batch) |\n|---|---|---:|---:|---:|\n");
        for (SuiteResult r : results) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %d | %.1f (%d) |%n", r.score().suite(),
                    r.score().metricName(), r.score().metric(), r.score().n(), r.samplesPerSecond(),
                    r.batchSize()));
        }
        sb.append(String.format(Locale.ROOT, "| **average** | | **%.1f** | | |%n", SuiteEvaluator.average(results)));
        return sb.toString();
    }

    public static ObjectNode json(List<SuiteResult> results, String model) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("model", model);
        o.put("average", SuiteEvaluator.average(results));
        ArrayNode suites = o.putArray("suites");
        for (SuiteResult r : results) {
            ObjectNode s = suites.addObject();
            s.put("suite", r.score().suite());
            s.put("metric", r.score().metricName());
            s.put("score", r.score().metric());
            s.put("n", r.score().n());
            s.put("samples_per_second", r.samplesPerSecond());
            s.put("batch_size", r.batchSize());
            ObjectNode details = s.putObject("details");
            r.score().details().forEach(details::put);
        }
        return o;
    }

    public static void write(List<SuiteResult> results, String model, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("eval.json"), Json.MAPPER.writeValueAsString(json(results, model)));
        Files.writeString(dir.resolve("eval.md"), markdown(results));
    }
}
