package dev.lvlmserve.serving.openai;

import dev.lvlmserve.serving.config.LimitsProperties;
import dev.lvlmserve.serving.engine.SamplingParams;
import dev.lvlmserve.serving.error.ServingException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every field of a chat-completions request, checked against OpenAI's schema ranges and against what this server
 * can do, before anything is queued: what it honours becomes {@link SamplingParams}; what it cannot honour (tools,
 * structured output, audio, several choices ...) is refused with 400 and the field as {@code param}, so a client
 * is never answered as if it had been honoured. Codes follow OpenAI's ({@code missing_required_parameter},
 * {@code integer_above_max_value}, {@code decimal_below_min_value}, {@code unknown_parameter} ...).
 */
final class ChatRequestCheck {
    static final int MAX_STOPS = 4;
    static final int MAX_STOP_LENGTH = 256;
    static final int MAX_LOGIT_BIAS = 300;

    private ChatRequestCheck() {}

    /** The decoding options of a request that passes every check. */
    static SamplingParams check(ChatCompletionRequest r, LimitsProperties limits) {
        if (!r.unknown().isEmpty()) {
            String name = r.unknown().keySet().iterator().next();
            throw refuse("unknown_parameter", "Unrecognized request argument supplied: " + name + ".", name);
        }
        if (r.model() == null || r.model().isBlank()) {
            throw refuse("missing_required_parameter", "You must provide a model parameter (a variant name, or "
                    + "'default' for the default variant).", "model");
        }
        if (r.messages() == null) {
            throw refuse("missing_required_parameter", "Missing required parameter: 'messages'.", "messages");
        }
        unsupported(r);
        if (r.n() != null && r.n() < 1) {
            throw refuse("integer_below_min_value", "Invalid 'n': must be at least 1, was " + r.n() + ".", "n");
        }
        if (r.n() != null && r.n() > 1) {
            throw refuse("unsupported_value", "Only n = 1 is supported: this server returns one choice.", "n");
        }
        if (r.streamOptions() != null && !r.streaming()) {
            throw refuse("invalid_value", "stream_options may only be set when stream is true.", "stream_options");
        }
        Integer budget = r.maxCompletionTokens() != null ? r.maxCompletionTokens() : r.maxTokens();
        String budgetField = r.maxCompletionTokens() != null ? "max_completion_tokens" : "max_tokens";
        if (budget != null) {
            integer(budget, 1, limits.maxMaxTokens(), budgetField);
        }
        decimal(r.temperature(), 0, 2, "temperature");
        decimal(r.topP(), 0, 1, "top_p");
        decimal(r.frequencyPenalty(), -2, 2, "frequency_penalty");
        decimal(r.presencePenalty(), -2, 2, "presence_penalty");
        Integer top = topLogprobs(r);
        // top_p 0 (allowed by OpenAI's schema) keeps only the most likely token
        Double topP = r.topP() != null && r.topP() == 0 ? Double.valueOf(Double.MIN_VALUE) : r.topP();
        return new SamplingParams(budget, r.temperature(), topP, r.seed(), stops(r.stop()), bias(r.logitBias()),
                r.frequencyPenalty(), r.presencePenalty(), top);
    }

    private static void unsupported(ChatCompletionRequest r) {
        if (r.tools() != null && !r.tools().isEmpty()) {
            throw refuse("unsupported_parameter", "This model does not call tools; send no tools.", "tools");
        }
        if (r.toolChoice() != null && !"none".equals(r.toolChoice())) {
            throw refuse("unsupported_parameter", "This model does not call tools; tool_choice may only be 'none'.",
                    "tool_choice");
        }
        if (r.functions() != null && !r.functions().isEmpty()) {
            throw refuse("unsupported_parameter", "This model does not call functions.", "functions");
        }
        if (r.functionCall() != null && !"none".equals(r.functionCall())) {
            throw refuse("unsupported_parameter", "This model does not call functions; function_call may only be "
                    + "'none'.", "function_call");
        }
        if (r.responseFormat() != null && !"text".equals(r.responseFormat().get("type"))) {
            throw refuse("unsupported_value", "Only response_format {\"type\": \"text\"} is supported: this model "
                    + "cannot be held to JSON.", "response_format");
        }
        if (r.modalities() != null) {
            for (String m : r.modalities()) {
                if (!"text".equals(m)) {
                    throw refuse("unsupported_value", "This model answers in text only; modalities may only be "
                            + "[\"text\"].", "modalities");
                }
            }
        }
        refuseIfSet(r.audio(), "audio", "This model produces no audio.");
        refuseIfSet(r.prediction(), "prediction", "Predicted outputs are not supported.");
        refuseIfSet(r.webSearchOptions(), "web_search_options", "This server does not search the web.");
        refuseIfSet(r.reasoningEffort(), "reasoning_effort", "This is not a reasoning model.");
        refuseIfSet(r.verbosity(), "verbosity", "verbosity is not supported by this model.");
        refuseIfSet(r.moderation(), "moderation", "This server does not moderate completions.");
        if (Boolean.TRUE.equals(r.store())) {
            throw refuse("unsupported_value", "This server stores no completions; store may only be false.",
                    "store");
        }
        if (r.serviceTier() != null && !r.serviceTier().equals("auto") && !r.serviceTier().equals("default")) {
            throw refuse("unsupported_value", "This server has one service tier; service_tier may be 'auto' or "
                    + "'default'.", "service_tier");
        }
    }

    private static Integer topLogprobs(ChatCompletionRequest r) {
        boolean on = Boolean.TRUE.equals(r.logprobs());
        if (r.topLogprobs() != null) {
            if (!on) {
                throw refuse("invalid_value", "top_logprobs needs logprobs to be true.", "top_logprobs");
            }
            integer(r.topLogprobs(), 0, 20, "top_logprobs");
            return r.topLogprobs();
        }
        return on ? 0 : null;
    }

    private static List<String> stops(Object stop) {
        List<?> raw = switch (stop) {
            case null -> List.of();
            case String s -> List.of(s);
            case List<?> l -> l;
            default -> throw refuse("invalid_type", "stop must be a string or an array of strings.", "stop");
        };
        if (raw.size() > MAX_STOPS) {
            throw refuse("array_above_max_length", "stop may hold at most " + MAX_STOPS + " strings, had "
                    + raw.size() + ".", "stop");
        }
        for (Object s : raw) {
            if (!(s instanceof String str) || str.isEmpty() || str.length() > MAX_STOP_LENGTH) {
                throw refuse("invalid_value", "Each stop sequence must be a non-empty string of at most "
                        + MAX_STOP_LENGTH + " characters.", "stop");
            }
        }
        return raw.stream().map(String.class::cast).toList();
    }

    private static Map<Integer, Float> bias(Map<String, Double> logitBias) {
        if (logitBias == null) {
            return Map.of();
        }
        if (logitBias.size() > MAX_LOGIT_BIAS) {
            throw refuse("invalid_value", "logit_bias may name at most " + MAX_LOGIT_BIAS + " tokens.",
                    "logit_bias");
        }
        Map<Integer, Float> out = new HashMap<>();
        logitBias.forEach((key, value) -> {
            int id;
            try {
                id = Integer.parseInt(key);
            } catch (NumberFormatException e) {
                throw refuse("invalid_value", "logit_bias keys must be token ids (integers as strings).",
                        "logit_bias");
            }
            if (id < 0) {
                throw refuse("invalid_value", "logit_bias keys must be token ids (0 or more).", "logit_bias");
            }
            decimal(value, -100, 100, "logit_bias");
            out.put(id, value.floatValue());
        });
        return out;
    }

    private static void integer(int value, int min, int max, String param) {
        if (value < min) {
            throw refuse("integer_below_min_value", "Invalid '" + param + "': integer below minimum value. "
                    + "Expected a value >= " + min + ", got " + value + ".", param);
        }
        if (value > max) {
            throw refuse("integer_above_max_value", "Invalid '" + param + "': integer above maximum value. "
                    + "Expected a value <= " + max + ", got " + value + ".", param);
        }
    }

    private static void decimal(Double value, double min, double max, String param) {
        if (value == null) {
            return;
        }
        if (value.isNaN()) {
            throw refuse("invalid_type", "Invalid '" + param + "': expected a number.", param);
        }
        if (value < min) {
            throw refuse("decimal_below_min_value", "Invalid '" + param + "': decimal below minimum value. "
                    + "Expected a value >= " + min + ", got " + value + ".", param);
        }
        if (value > max) {
            throw refuse("decimal_above_max_value", "Invalid '" + param + "': decimal above maximum value. "
                    + "Expected a value <= " + max + ", got " + value + ".", param);
        }
    }

    private static void refuseIfSet(Object value, String param, String why) {
        if (value != null) {
            throw refuse("unsupported_parameter", why + " Remove '" + param + "'.", param);
        }
    }

    static ServingException refuse(String code, String message, String param) {
        return ServingException.badRequest(code, message, param);
    }
}
