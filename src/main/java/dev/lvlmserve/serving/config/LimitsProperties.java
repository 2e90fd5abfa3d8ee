package dev.lvlmserve.serving.config;

import org.springframework.util.unit.DataSize;

/**
 * Caps on what one request may ask for. Every cap turns an oversized input into a 4xx before any work is done.
 *
 * @param maxRequestBytes the whole HTTP body (also the multipart limits)
 * @param maxImageBytes one encoded image
 * @param maxImagePixels width × height declared by an image header (decompression-bomb guard)
 * @param maxPromptTokens the prompt after tokenisation, image positions included
 * @param maxMaxTokens the largest {@code max_tokens} / {@code max_new_tokens} a client may ask for
 * @param defaultMaxTokens what a request that names none gets
 */
public record LimitsProperties(
        DataSize maxRequestBytes,
        DataSize maxImageBytes,
        Long maxImagePixels,
        Integer maxPromptTokens,
        Integer maxMaxTokens,
        Integer defaultMaxTokens) {

    public LimitsProperties {
        maxRequestBytes = maxRequestBytes == null ? DataSize.ofMegabytes(28) : maxRequestBytes;
        maxImageBytes = maxImageBytes == null ? DataSize.ofMegabytes(20) : maxImageBytes;
        maxImagePixels = maxImagePixels == null ? 50_000_000L : maxImagePixels;
        maxPromptTokens = maxPromptTokens == null ? 2048 : maxPromptTokens;
        maxMaxTokens = maxMaxTokens == null ? 256 : maxMaxTokens;
        defaultMaxTokens = defaultMaxTokens == null ? Math.min(64, maxMaxTokens) : defaultMaxTokens;
        if (defaultMaxTokens > maxMaxTokens) {
            throw new IllegalArgumentException("lvlm.limits.default-max-tokens exceeds max-max-tokens");
        }
    }

    public static LimitsProperties defaults() {
        return new LimitsProperties(null, null, null, null, null, null);
    }
}
