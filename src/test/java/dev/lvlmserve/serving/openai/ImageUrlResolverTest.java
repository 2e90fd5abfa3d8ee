package dev.lvlmserve.serving.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.error.ServingException;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Remote images against a local HTTP server: allow-listed hosts only, resolving to permitted addresses only (the
 * test server is on loopback, so the tests that fetch allow 127.0.0.0/8 explicitly), no redirects, capped size,
 * errors that name no address, port or path.
 */
class ImageUrlResolverTest {
    static final String F = "messages[0].content[0].image_url";

    HttpServer server;
    String base;
    int port;
    final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/small.png", x -> {
            hits.incrementAndGet();
            x.sendResponseHeaders(200, 3);
            x.getResponseBody().write(new byte[] {7, 8, 9});
            x.close();
        });
        server.createContext("/redirect", x -> {
            x.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        server.createContext("/big.png", x -> {
            x.sendResponseHeaders(200, 0);
            x.getResponseBody().write(new byte[30 * 1024 * 1024]);
            x.close();
        });
        server.createContext("/missing.png", x -> {
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        server.start();
        port = server.getAddress().getPort();
        base = "http://127.0.0.1:" + port;
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static ImageUrlResolver resolver(List<String> hosts, List<String> networks) {
        return new ImageUrlResolver(new LvlmProperties(null, null, null, null, null, null, null, null, hosts,
                networks, null, null));
    }

    static ImageUrlResolver loopbackAllowed() {
        return resolver(List.of("127.0.0.1", "localhost"), List.of("127.0.0.0/8"));
    }

    void assertRefusedWithoutDetail(ImageUrlResolver r, String url) {
        assertThatThrownBy(() -> r.resolve(url, F)).isInstanceOfSatisfying(ServingException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(e.getMessage()).doesNotContain(Integer.toString(port)).doesNotContain("/small")
                    .doesNotContain("127.0").doesNotContain("169.254").doesNotContain("meta-data");
        });
    }

    @Test
    void fetchesFromAllowListedHostsOnPermittedAddresses() {
        assertThat(loopbackAllowed().resolve(base + "/small.png", F)).containsExactly(7, 8, 9);
        assertThat(loopbackAllowed().resolve("http://localhost:" + port + "/small.png", F)).containsExactly(7, 8, 9);
        assertThatThrownBy(() -> resolver(List.of(), List.of("127.0.0.0/8")).resolve(base + "/small.png", F))
                .isInstanceOf(ServingException.class).hasMessageContaining("not allowed");
        assertThat(resolver(List.of("*.example.com"), List.of()).allowed("img.example.com")).isTrue();
        assertThat(resolver(List.of("*.example.com"), List.of()).allowed("example.com.evil.io")).isFalse();
    }

    @Test
    void anAllowListedNameThatResolvesToLoopbackOrMetadataIsRefusedBeforeConnecting() {
        ImageUrlResolver r = resolver(List.of("127.0.0.1", "localhost", "169.254.169.254", "[::1]", "0.0.0.0",
                "10.0.0.1", "100.100.100.200"), List.of());
        assertRefusedWithoutDetail(r, base + "/small.png");
        assertRefusedWithoutDetail(r, "http://localhost:" + port + "/small.png");
        assertRefusedWithoutDetail(r, "http://[::1]:" + port + "/small.png");
        assertRefusedWithoutDetail(r, "http://169.254.169.254/latest/meta-data/");
        assertRefusedWithoutDetail(r, "http://0.0.0.0:" + port + "/small.png");
        assertRefusedWithoutDetail(r, "http://10.0.0.1/a.png");
        assertRefusedWithoutDetail(r, "http://100.100.100.200/a.png");
        assertThat(hits.get()).isZero();
    }

    @Test
    void credentialsInTheUrlAreRefused() {
        assertRefusedWithoutDetail(loopbackAllowed(), "http://user:pass@127.0.0.1:" + port + "/small.png");
    }

    @Test
    void neitherFollowsRedirectsNorReadsPastTheCapAndErrorsNameNothing() {
        ImageUrlResolver r = loopbackAllowed();
        assertRefusedWithoutDetail(r, base + "/redirect");
        assertThatThrownBy(() -> r.resolve(base + "/redirect", F)).hasMessageContaining("redirects are not followed");
        assertRefusedWithoutDetail(r, base + "/missing.png");
        assertRefusedWithoutDetail(r, "http://127.0.0.1:1/small.png"); // nothing listens there
        assertThatThrownBy(() -> r.resolve(base + "/big.png", F)).isInstanceOfSatisfying(ServingException.class,
                e -> assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE));
    }

    @Test
    void decodesDataUrisAndRefusesOtherSchemes() {
        ImageUrlResolver r = resolver(List.of(), List.of());
        assertThat(r.resolve("data:image/png;base64," + Base64.getEncoder().encodeToString(new byte[] {1}), F))
                .containsExactly(1);
        assertThatThrownBy(() -> r.resolve("file:///etc/passwd", F)).hasMessageContaining("data: URI or an http(s)");
        assertThatThrownBy(() -> r.resolve("gopher://127.0.0.1:6379/_FLUSHALL", F)).isInstanceOf(ServingException.class);
        assertThatThrownBy(() -> r.resolve("data:image/png,rawbytes", F)).hasMessageContaining("base64");
    }
}
