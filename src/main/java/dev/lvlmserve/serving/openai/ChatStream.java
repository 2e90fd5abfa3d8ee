package dev.lvlmserve.serving.openai;

import dev.lvlmserve.serving.engine.Completion;
import dev.lvlmserve.serving.engine.Submission;
import dev.lvlmserve.serving.engine.TokenLogprob;
import dev.lvlmserve.serving.error.ErrorBodies;
import dev.lvlmserve.serving.error.ServingException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * A streamed chat completion as server-sent events: {@code data: <chunk>} lines, then {@code data: [DONE]}. The
 * worker thread only enqueues text deltas and the final completion; this body, on a servlet async thread, writes
 * them, so a slow client never stalls a batch. A failure after the stream has started is sent as an
 * {@code {"error": ...}} event (OpenAI's clients raise it), then the stream ends. A client that closes the stream
 * withdraws its request ({@link Submission#cancel}), so its batch slot stops at the next decode step; while the
 * request waits (queued, or in prefill) an SSE comment goes out every half second, so a departed client is noticed
 * and its request leaves the queue rather than being run for nobody.
 */
final class ChatStream implements StreamingResponseBody {
    private static final long HEARTBEAT_MILLIS = 500;

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final JsonMapper json;
    private final String id;
    private final long created;
    private final boolean includeUsage;
    private final Duration timeout;
    private final Flush flush;
    private final String requestId;
    private volatile ChatCompletionChunk.Stream chunks;
    private volatile Submission submission;
    private volatile boolean wantsLogprobs;

    /**
     * Pushes what was written to the client. Spring 7 hands a {@code StreamingResponseBody} a stream whose
     * {@code flush()} does nothing ({@code ServletServerHttpResponse.getBody}), which held a whole answer (and every
     * heartbeat) back until the end; the servlet response's {@code flushBuffer()} is what sends an event now.
     */
    @FunctionalInterface
    interface Flush {
        void flush() throws IOException;
    }

    /** @param requestId the response's {@code x-request-id}, repeated in an error event */
    ChatStream(JsonMapper json, String id, long created, boolean includeUsage, Duration timeout, Flush flush,
            String requestId) {
        this.requestId = requestId;
        this.json = json;
        this.id = id;
        this.created = created;
        this.includeUsage = includeUsage;
        this.timeout = timeout;
        this.flush = flush;
    }

    /** A text delta and the log-probabilities of its tokens (null when none were asked for). */
    private record Text(String delta, List<TokenLogprob> logprobs) {}

    /** The engine's listener: called on the worker thread. */
    void onText(String delta, List<TokenLogprob> logprobs) {
        events.add(new Text(delta, logprobs));
    }

    /** @param logprobs whether the client asked for log-probabilities (each content chunk then carries them) */
    void attach(Submission submission, boolean logprobs) {
        this.chunks = new ChatCompletionChunk.Stream(id, created, submission.variant(),
                OpenAiIds.fingerprint(submission.variant(), submission.model()), includeUsage);
        this.wantsLogprobs = logprobs;
        this.submission = submission;
        submission.result().whenComplete((c, e) -> events.add(e != null ? e : c));
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        try {
            stream(out);
        } catch (IOException e) {
            submission.cancel(); // the client closed the stream: stop generating for it at the next step
            throw e;
        }
    }

    private void stream(OutputStream out) throws IOException {
        send(out, chunks.delta(new ChatCompletionChunk.Delta("assistant", ""), null, null));
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                Object event = events.poll(Math.min(HEARTBEAT_MILLIS, Math.max(0, left / 1_000_000)),
                        TimeUnit.MILLISECONDS);
                if (event == null && left > 0) {
                    heartbeat(out); // a client that left while its request waits is noticed here, not at the end
                    continue;
                }
                if (event == null) {
                    submission.cancel();
                    send(out, ErrorBodies.openAi(504, "timeout", "The answer took too long.", null, requestId));
                    break;
                }
                if (event instanceof Text t) {
                    send(out, chunks.delta(new ChatCompletionChunk.Delta(null, t.delta()),
                            wantsLogprobs ? ChatLogprobs.of(t.logprobs()) : null, null));
                } else if (event instanceof Completion c) {
                    send(out, chunks.delta(new ChatCompletionChunk.Delta(null, null), null, c.finishReason()));
                    if (includeUsage) {
                        send(out, chunks.usage(ChatCompletion.Usage.of(c)));
                    }
                    break;
                } else {
                    send(out, failure((Throwable) event));
                    break;
                }
            }
        } catch (InterruptedException e) {
            submission.cancel();
            Thread.currentThread().interrupt();
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        flush.flush();
    }

    /** An SSE comment: clients ignore it; writing it fails once the client has gone. */
    private void heartbeat(OutputStream out) throws IOException {
        out.write(": waiting\n\n".getBytes(StandardCharsets.UTF_8));
        flush.flush();
    }

    private void send(OutputStream out, Object payload) throws IOException {
        out.write(("data: " + json.writeValueAsString(payload) + "\n\n").getBytes(StandardCharsets.UTF_8));
        flush.flush();
    }

    private Map<String, Object> failure(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof ServingException se) {
            return ErrorBodies.openAi(se.status().value(), se.code(), se.getMessage(), se.param(), requestId);
        }
        return ErrorBodies.openAi(500, "internal_error", "The server failed while generating the answer.", null,
                requestId);
    }
}
