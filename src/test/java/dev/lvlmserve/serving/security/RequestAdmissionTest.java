package dev.lvlmserve.serving.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestAdmissionTest {
    final List<String> shed = new ArrayList<>();
    final RequestAdmission admission = new RequestAdmission(100 * 1024, 80 * 1024, 2, shed::add);

    static MockHttpServletRequest post(String path, int length, boolean chunked) {
        MockHttpServletRequest r = new MockHttpServletRequest("POST", path);
        if (chunked) {
            r.addHeader("Transfer-Encoding", "chunked");
        } else {
            r.setContent(new byte[length]);
        }
        return r;
    }

    /** Holds its request inside the chain until released. */
    record Holding(CountDownLatch inside, CountDownLatch release, Thread thread) {
        static Holding start(RequestAdmission admission, MockHttpServletRequest request) throws Exception {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            FilterChain chain = (req, res) -> {
                inside.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    admission.doFilter(request, new MockHttpServletResponse(), chain);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            return new Holding(inside, release, t);
        }

        void finish() throws InterruptedException {
            release.countDown();
            thread.join();
        }
    }

    @Test
    void bodiesShareTheBudgetAndAnOverflowingOneIsShedBeforeItIsRead() throws Exception {
        Holding first = Holding.start(admission, post("/v1/vqa", 70 * 1024, false));
        MockHttpServletResponse refused = new MockHttpServletResponse();
        boolean[] ran = {false};
        admission.doFilter(post("/v1/vqa", 40 * 1024, false), refused, (req, res) -> ran[0] = true);
        assertThat(ran[0]).isFalse();
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("2");
        assertThat(refused.getContentType()).startsWith("application/problem+json");
        assertThat(refused.getContentAsString()).contains("\"code\":\"server_busy\"");
        assertThat(shed).containsExactly("server_busy");
        MockHttpServletResponse small = new MockHttpServletResponse();
        admission.doFilter(post("/v1/vqa", 20 * 1024, false), small, (req, res) -> ((jakarta.servlet.http
                .HttpServletResponse) res).setStatus(200));
        assertThat(small.getStatus()).isEqualTo(200);
        first.finish();
        MockHttpServletResponse after = new MockHttpServletResponse();
        admission.doFilter(post("/v1/vqa", 80 * 1024, false), after, (req, res) -> { });
        assertThat(after.getStatus()).isEqualTo(200); // the first body's share came back
    }

    @Test
    void aChunkedBodyCountsAsTheCapAndBodilessRequestsPassFreely() throws Exception {
        Holding chunked = Holding.start(admission, post("/v1/chat/completions", 0, true)); // holds 80 KiB
        MockHttpServletResponse refused = new MockHttpServletResponse();
        admission.doFilter(post("/v1/chat/completions", 30 * 1024, false), refused, (req, res) -> { });
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getContentAsString()).contains("\"error\"").contains("server_busy"); // OpenAI's shape
        boolean[] ran = {false};
        admission.doFilter(new MockHttpServletRequest("GET", "/v1/models"), new MockHttpServletResponse(),
                (req, res) -> ran[0] = true);
        assertThat(ran[0]).isTrue();
        chunked.finish();
    }
}
