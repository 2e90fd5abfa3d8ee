package dev.lvlmserve.serving.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.error.ServingException;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Remote images against a local HTTP server: allow-listed hosts only, no redirects, capped size. */
class ImageUrlResolverTest {
    HttpServer server;
    String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/small.png", x -> {
            x.sendResponseHeaders(200, 3);
            x.getResponseBody().write(new byte[] {7, 8, 9});
            x.close();
        });
        server.createContext("/redirect", x -> {
            x.getResponseHeaders().add("Location", "http://169.254.169.254/");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        server.createContext("/big.png", x -> {
            x.sendResponseHeaders(200, 0);
            x.getResponseBody().write(new byte[30 * 1024 * 1024]);
            x.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static ImageUrlResolver allowing(List<String> hosts) {
        return new ImageUrlResolver(new LvlmProperties(null, null, null, null, null, null, null, null, hosts, null));
    }

    @Test
    void fetchesFromAllowListedHostsOnly() {
        assertThat(allowing(List.of("127.0.0.1")).resolve(base + "/small.png")).containsExactly(7, 8, 9);
        assertThatThrownBy(() -> allowing(List.of()).resolve(base + "/small.png"))
                .isInstanceOf(ServingException.class).hasMessageContaining("not allowed");
        assertThat(allowing(List.of("*.example.com")).allowed("img.example.com")).isTrue();
        assertThat(allowing(List.of("*.example.com")).allowed("example.com.evil.io")).isFalse();
    }

    @Test
    void neitherFollowsRedirectsNorReadsPastTheCap() {
        ImageUrlResolver r = allowing(List.of("127.0.0.1"));
        assertThatThrownBy(() -> r.resolve(base + "/redirect")).hasMessageContaining("HTTP 302");
        assertThatThrownBy(() -> r.resolve(base + "/big.png")).isInstanceOfSatisfying(ServingException.class,
                e -> assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE));
    }

    @Test
    void decodesDataUrisAndRefusesOtherSchemes() {
        ImageUrlResolver r = allowing(List.of());
        assertThat(r.resolve("data:image/png;base64," + Base64.getEncoder().encodeToString(new byte[] {1})))
                .containsExactly(1);
        assertThatThrownBy(() -> r.resolve("file:///etc/passwd")).hasMessageContaining("data: URI or an http(s)");
        assertThatThrownBy(() -> r.resolve("data:image/png,rawbytes")).hasMessageContaining("base64");
    }
}
