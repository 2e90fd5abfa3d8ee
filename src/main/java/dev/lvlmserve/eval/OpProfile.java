package dev.lvlmserve.eval;

import ai.djl.pytorch.jni.JniUtils;
import dev.lvlmserve.model.config.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Where a generation's time goes, from libtorch's own profiler (the trace DJL's {@code JniUtils.startProfile} /
 * {@code stopProfile} writes): the top-level ops of each phase (the prefill, then the decode steps, split at each
 * forward's embedding lookup) summed by kind, and what is left of the wall time outside every op — JNI dispatch and
 * the Java around it (masks, RoPE tables, sampling, host copies). The profiler costs a few microseconds per op
 * itself, so this run is separate from the timed ones.
 */
public final class OpProfile {
    /** What a top-level op is, by its name and input shapes. */
    public enum Kind {
        LINEAR("linear layers"),
        ATTENTION("attention (QKᵀ, softmax, PV)"),
        KV_CONCAT("KV-cache concat"),
        OTHER("other ops (norms, RoPE, activations, residuals)"),
        OUTSIDE("outside ops (JNI dispatch, Java)");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Microseconds per kind for one phase, and the phase's wall time. */
    public record Phase(Map<Kind, Double> micros, double wallMicros) {
        public String describe() {
            StringBuilder b = new StringBuilder();
            micros.entrySet().stream().sorted(Map.Entry.<Kind, Double>comparingByValue().reversed())
                    .forEach(e -> b.append(b.isEmpty() ? "" : ", ").append(e.getKey().label).append(' ')
                            .append(Math.round(100 * e.getValue() / wallMicros)).append(" %"));
            return b.toString();
        }
    }

    public record Result(Phase prefill, Phase decode, int decodeSteps) {}

    private OpProfile() {}

    /** Runs {@code work} under the profiler and splits the trace into prefill and decode. */
    public static Result profile(Runnable work, Path trace) throws IOException {
        JniUtils.startProfile(false, true, false);
        try {
            work.run();
        } finally {
            JniUtils.stopProfile(trace.toString());
        }
        return summarise(Json.MAPPER.readTree(Files.readString(trace)));
    }

    static Result summarise(JsonNode events) {
        List<JsonNode> ops = new ArrayList<>();
        events.forEach(e -> {
            if ("X".equals(e.path("ph").asString()) && e.has("dur")) {
                ops.add(e);
            }
        });
        ops.sort(Comparator.comparingDouble(e -> e.path("ts").asDouble()));
        List<Double> steps = new ArrayList<>();
        for (JsonNode e : ops) {
            if (e.path("name").asString().equals("aten::embedding")) {
                steps.add(e.path("ts").asDouble());
            }
        }
        if (steps.size() < 2) {
            throw new IllegalStateException("the trace holds " + steps.size() + " forwards, need a prefill and a step");
        }
        Map<Kind, Double> prefill = new EnumMap<>(Kind.class);
        Map<Kind, Double> decode = new EnumMap<>(Kind.class);
        double end = -1;
        double last = 0;
        String previous = "";
        for (JsonNode e : ops) {
            double ts = e.path("ts").asDouble();
            double dur = e.path("dur").asDouble();
            last = Math.max(last, ts + dur);
            if (ts < end) {
                continue; // nested inside the previous top-level op
            }
            end = ts + dur;
            (ts < steps.get(1) ? prefill : decode).merge(kind(e, previous), dur, Double::sum);
            previous = e.path("name").asString();
        }
        double prefillWall = steps.get(1) - steps.getFirst();
        double decodeWall = last - steps.get(1);
        return new Result(withOutside(prefill, prefillWall), withOutside(decode, decodeWall), steps.size() - 1);
    }

    private static Phase withOutside(Map<Kind, Double> micros, double wall) {
        double inside = micros.values().stream().mapToDouble(Double::doubleValue).sum();
        micros.put(Kind.OUTSIDE, Math.max(0, wall - inside));
        return new Phase(micros, wall);
    }

    /**
     * @param previous the name of the top-level op before this one: the profiler records no shapes for a
     *     concatenation's tensor list, but RoPE's {@code rotate_half} concatenates right after negating a half,
     *     while the KV cache's concatenations follow the projections
     */
    static Kind kind(JsonNode e, String previous) {
        String name = e.path("name").asString();
        JsonNode shapes = e.path("shape");
        int firstDims = shapes.isArray() && !shapes.isEmpty() ? shapes.get(0).size() : 0;
        return switch (name) {
            case "aten::matmul", "aten::linear", "aten::mm", "aten::addmm", "aten::bmm" ->
                    firstDims == 4 ? Kind.ATTENTION : Kind.LINEAR;
            case "aten::softmax", "aten::_softmax" -> Kind.ATTENTION;
            case "aten::cat" -> previous.equals("aten::neg") ? Kind.OTHER : Kind.KV_CONCAT;
            default -> Kind.OTHER;
        };
    }
}
