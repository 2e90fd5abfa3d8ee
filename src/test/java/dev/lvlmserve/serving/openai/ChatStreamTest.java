package dev.lvlmserve.serving.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lvlmserve.serving.engine.Completion;
import dev.lvlmserve.serving.engine.Submission;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A stream whose client goes away withdraws its request; one that waits too long does too. */
class ChatStreamTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** A client that takes {@code writes} writes, then hangs up. */
    static OutputStream closingAfter(int writes) {
        return new OutputStream() {
            int left = writes;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (left-- <= 0) {
                    throw new IOException("Broken pipe");
                }
            }
        };
    }

    @Test
    void aClientThatClosesTheStreamCancelsItsRequest() {
        CompletableFuture<Completion> result = new CompletableFuture<>();
        ChatStream stream = new ChatStream(JSON, "id", 1, false, Duration.ofSeconds(5), () -> { }, "req_test");
        stream.attach(new Submission("v", "m", result), false);
        stream.onText("red", null);
        stream.onText(" car", null);
        assertThatThrownBy(() -> stream.writeTo(closingAfter(2))).isInstanceOf(IOException.class);
        assertThat(result.isCancelled()).isTrue();
    }

    @Test
    void aClientThatLeavesWhileItsRequestWaitsIsNoticedByTheHeartbeat() {
        CompletableFuture<Completion> result = new CompletableFuture<>(); // queued: no token will come
        ChatStream stream = new ChatStream(JSON, "id", 1, false, Duration.ofMinutes(5), () -> { }, "req_test");
        stream.attach(new Submission("v", "m", result), false);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> stream.writeTo(closingAfter(1))).isInstanceOf(IOException.class);
        assertThat(result.isCancelled()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void everyEventAndHeartbeatIsPushedToTheClientAsItIsWritten() throws IOException {
        CompletableFuture<Completion> result = new CompletableFuture<>();
        java.util.List<String> pushed = new java.util.ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChatStream stream = new ChatStream(JSON, "id", 1, false, Duration.ofSeconds(5), () -> pushed.add(
                out.toString()), "req_test");
        stream.attach(new Submission("v", "m", result), false);
        stream.onText("red", null);
        CompletableFuture.delayedExecutor(1500, java.util.concurrent.TimeUnit.MILLISECONDS).execute(() -> result
                .complete(dev.lvlmserve.serving.SliceFixtures.completion("red")));
        stream.writeTo(out);
        assertThat(pushed.get(0)).contains("\"role\":\"assistant\"").doesNotContain("red");
        assertThat(pushed.get(1)).contains("\"content\":\"red\"").doesNotContain("finish_reason\":\"stop");
        assertThat(pushed).anySatisfy(p -> assertThat(p).endsWith(": waiting\n\n")); // while the answer waited
        assertThat(pushed.getLast()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void aStreamThatWaitsPastItsTimeoutCancelsItsRequestAndSaysSo() throws IOException {
        CompletableFuture<Completion> result = new CompletableFuture<>();
        ChatStream stream = new ChatStream(JSON, "id", 1, false, Duration.ofMillis(50), () -> { }, "req_test");
        stream.attach(new Submission("v", "m", result), false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        stream.writeTo(out);
        assertThat(result.isCancelled()).isTrue();
        assertThat(out.toString()).contains("\"code\":\"timeout\"").endsWith("data: [DONE]\n\n");
    }
}
