package dev.lvlmserve.serving.openai;

import dev.lvlmserve.serving.TestHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads a server-sent-event stream over a real socket, noting when each event arrived, so a test can tell events
 * that were sent as they were made from events held back and sent together.
 */
final class SseClient {
    private SseClient() {}

    /** One event's payload and its arrival time. */
    record Event(JsonNode chunk, long arrivedNanos) {}

    record Stream(long sentNanos, List<Event> events, long doneNanos) {
        List<JsonNode> chunks() {
            return events.stream().map(Event::chunk).toList();
        }

        /** Arrival times of the chunks with non-empty content. */
        List<Long> contentArrivals() {
            return events.stream().filter(e -> !content(e.chunk()).isEmpty()).map(Event::arrivedNanos).toList();
        }

        long roleArrival() {
            return events.stream().filter(e -> e.chunk().path("choices").path(0).path("delta").has("role"))
                    .findFirst().orElseThrow().arrivedNanos();
        }

        String text() {
            StringBuilder s = new StringBuilder();
            events.forEach(e -> s.append(content(e.chunk())));
            return s.toString();
        }

        String finishReason() {
            for (Event e : events) {
                JsonNode f = e.chunk().path("choices").path(0).path("finish_reason");
                if (f.isString()) {
                    return f.asString();
                }
            }
            return null;
        }

        int logprobTokens() {
            int n = 0;
            for (Event e : events) {
                n += e.chunk().path("choices").path(0).path("logprobs").path("content").size();
            }
            return n;
        }

        private static String content(JsonNode chunk) {
            return chunk.path("choices").path(0).path("delta").path("content").asString("");
        }
    }

    static Stream post(int port, String path, Object body) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestHttp.JSON.writeValueAsBytes(body))).build();
        long sent = System.nanoTime();
        try {
            HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                throw new AssertionError("status " + r.statusCode() + ": " + new String(r.body().readAllBytes(),
                        StandardCharsets.UTF_8));
            }
            List<Event> events = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    long at = System.nanoTime();
                    if (line.equals("data: [DONE]")) {
                        return new Stream(sent, events, at);
                    }
                    if (line.startsWith("data: ")) {
                        events.add(new Event(TestHttp.JSON.readTree(line.substring(6)), at));
                    }
                }
            }
            throw new AssertionError("the stream ended without [DONE]");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
