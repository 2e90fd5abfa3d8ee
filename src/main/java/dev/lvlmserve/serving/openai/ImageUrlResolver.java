package dev.lvlmserve.serving.openai;

import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.engine.ImageBytes;
import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.security.AddressPolicy;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/**
 * An {@code image_url} to image bytes. {@code data:} URIs are decoded; http(s) URLs are fetched only from hosts on
 * {@code lvlm.remote-image-hosts} ({@code example.com}, or {@code *.example.com} for its subdomains), and only when
 * the name resolves to addresses the {@link AddressPolicy} permits (never loopback, private, link-local or
 * metadata addresses unless {@code lvlm.remote-image-networks} allows them). The name is resolved once and the
 * connection made to that very address (TLS still verifies the name), so a second DNS answer cannot point it
 * elsewhere; redirects are refused, the body is capped at the image byte limit, and errors name neither addresses,
 * ports nor paths. By default the server makes no outbound request on a client's behalf.
 */
@Component
public class ImageUrlResolver implements AutoCloseable {
    private final List<String> hosts;
    private final AddressPolicy addresses;
    private final long maxBytes;
    private final CloseableHttpClient http;

    public ImageUrlResolver(LvlmProperties properties) {
        this.hosts = properties.remoteImageHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.addresses = new AddressPolicy(properties.remoteImageNetworks());
        this.maxBytes = properties.limits().maxImageBytes().toBytes();
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new VettedDns(addresses)) // a second line: every lookup is vetted too
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(5))
                                .setSocketTimeout(Timeout.ofSeconds(15)).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(15)).build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement()
                .disableAuthCaching().build();
    }

    /** @param field the request field that held the URL, named in errors */
    public byte[] resolve(String url, String field) {
        if (url.startsWith("data:")) {
            return ImageBytes.fromBase64(url, field);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw ServingException.badRequest("invalid_image_url", "The image URL is malformed.", field);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ServingException.badRequest("invalid_image_url", "image_url must be a data: URI or an http(s) URL.",
                    field);
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null
                || !allowed(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw refused(field);
        }
        InetAddress address = vet(uri.getHost(), field);
        return fetch(new HttpHost(scheme, address, uri.getHost(), uri.getPort()), uri, field);
    }

    boolean allowed(String host) {
        for (String h : hosts) {
            if (h.equals(host) || (h.startsWith("*.") && host.endsWith(h.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    /** Resolves {@code host} once; every address it has must be permitted (a mixed answer is refused). */
    private InetAddress vet(String host, String field) {
        try {
            return VettedDns.vet(addresses, host)[0];
        } catch (UnknownHostException e) {
            throw refused(field);
        }
    }

    private byte[] fetch(HttpHost target, URI uri, String field) {
        HttpGet get = new HttpGet(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/"
                : uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        get.setHeader("Accept", "image/*");
        try {
            return http.execute(target, get, response -> {
                int status = response.getCode();
                if (status >= 300 && status < 400) {
                    throw failed("The image URL redirects; redirects are not followed.", field);
                }
                HttpEntity entity = response.getEntity();
                if (status != 200 || entity == null) {
                    throw failed("The image could not be fetched (the server did not answer with an image).",
                            field);
                }
                if (entity.getContentLength() > maxBytes) {
                    throw tooLarge(field);
                }
                try (InputStream in = entity.getContent()) {
                    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                    if (bytes.length > maxBytes) {
                        throw tooLarge(field);
                    }
                    return bytes;
                }
            });
        } catch (IOException e) {
            throw failed("The image could not be fetched.", field);
        }
    }

    private ServingException tooLarge(String field) {
        return ServingException.tooLarge("image_too_many_bytes", "The remote image exceeds " + maxBytes + " bytes.",
                field);
    }

    private static ServingException failed(String message, String field) {
        return ServingException.badRequest("image_fetch_failed", message, field);
    }

    private static ServingException refused(String field) {
        return ServingException.badRequest("remote_image_refused", "Remote image URLs are not allowed for this "
                + "host; send the image as a data: URI.", field);
    }

    @PreDestroy
    @Override
    public void close() throws IOException {
        http.close();
    }
}
