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
        ChatStream stream = new ChatStream(JSON, "id", 1, false, Duration.ofSeconds(5));
        stream.attach(new Submission("v", "m", result));
        stream.onText("red");
        stream.onText(" car");
        assertThatThrownBy(() -> stream.writeTo(closingAfter(2))).isInstanceOf(IOException.class);
        assertThat(result.isCancelled()).isTrue();
    }

    @Test
    void aStreamThatWaitsPastItsTimeoutCancelsItsRequestAndSaysSo() throws IOException {
        CompletableFuture<Completion> result = new CompletableFuture<>();
        ChatStream stream = new ChatStream(JSON, "id", 1, false, Duration.ofMillis(50));
        stream.attach(new Submission("v", "m", result));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        stream.writeTo(out);
        assertThat(result.isCancelled()).isTrue();
        assertThat(out.toString()).contains("\"code\":\"timeout\"").endsWith("data: [DONE]\n\n");
    }
}
