package dev.lvlmserve.serving.openai;

import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.engine.ImageBytes;
import dev.lvlmserve.serving.error.ServingException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * An {@code image_url} to image bytes. {@code data:} URIs are decoded; http(s) URLs are fetched only from hosts on
 * {@code lvlm.remote-image-hosts} ({@code example.com}, or {@code *.example.com} for its subdomains), without
 * following redirects (a redirect could leave the allow-list) and capped at the image byte limit. Everything else
 * is refused, so by default the server never makes outbound requests on a client's behalf.
 */
@Component
public class ImageUrlResolver {
    private static final String FIELD = "messages";

    private final List<String> hosts;
    private final long maxBytes;
    private final HttpClient http;

    public ImageUrlResolver(LvlmProperties properties) {
        this.hosts = properties.remoteImageHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.maxBytes = properties.limits().maxImageBytes().toBytes();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public byte[] resolve(String url) {
        if (url.startsWith("data:")) {
            return ImageBytes.fromBase64(url, FIELD);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw ServingException.badRequest("invalid_image_url", "The image URL is malformed.", FIELD);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ServingException.badRequest("invalid_image_url", "image_url must be a data: URI or an http(s) URL.",
                    FIELD);
        }
        if (uri.getHost() == null || !allowed(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw ServingException.badRequest("remote_image_refused", "Remote image URLs are not allowed for this "
                    + "host; send the image as a data: URI.", FIELD);
        }
        return fetch(uri);
    }

    boolean allowed(String host) {
        for (String h : hosts) {
            if (h.equals(host) || (h.startsWith("*.") && host.endsWith(h.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    private byte[] fetch(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw ServingException.badRequest("image_fetch_failed", "Fetching the image returned HTTP "
                            + response.statusCode() + ".", FIELD);
                }
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw ServingException.tooLarge("image_too_many_bytes", "The remote image exceeds " + maxBytes
                            + " bytes.", FIELD);
                }
                return bytes;
            }
        } catch (IOException e) {
            throw ServingException.badRequest("image_fetch_failed", "The image could not be fetched.", FIELD);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServingException.badRequest("image_fetch_failed", "The image fetch was interrupted.", FIELD);
        }
    }
}
