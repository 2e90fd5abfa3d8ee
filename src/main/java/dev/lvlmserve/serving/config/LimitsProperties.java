package dev.lvlmserve.serving.config;

import dev.lvlmserve.model.image.ImageLimits;
import org.springframework.util.unit.DataSize;

/**
 * Caps on what one request may ask for. Every cap turns an oversized input into a 4xx before any work is done.
 *
 * @param maxRequestBytes the whole HTTP body (also the multipart limits)
 * @param requestMemory bodies being received at once, by declared length (a chunked one counts as the cap); beyond
 *     it requests are shed with 503 before their body is read
 * @param maxImageBytes one encoded image
 * @param maxImagePixels width × height declared by an image header (decompression-bomb guard)
 * @param maxImageSide the longer side of an image
 * @param maxImageAspectRatio longer side over shorter side
 * @param preprocessConcurrency images decoded and preprocessed at once (default: half the cores, at least one), so
 *     request threads cannot take the CPU from the inference workers
 * @param preprocessMemory working memory all images being preprocessed may hold together (16 bytes a pixel)
 * @param maxPromptTokens the prompt after tokenisation, image positions included
 * @param maxMaxTokens the largest {@code max_tokens} / {@code max_new_tokens} a client may ask for
 * @param defaultMaxTokens what a request that names none gets
 */
public record LimitsProperties(
        DataSize maxRequestBytes,
        DataSize requestMemory,
        DataSize maxImageBytes,
        Long maxImagePixels,
        Integer maxImageSide,
        Double maxImageAspectRatio,
        Integer preprocessConcurrency,
        DataSize preprocessMemory,
        Integer maxPromptTokens,
        Integer maxMaxTokens,
        Integer defaultMaxTokens) {

    public LimitsProperties {
        maxRequestBytes = maxRequestBytes == null ? DataSize.ofMegabytes(28) : maxRequestBytes;
        requestMemory = requestMemory == null ? DataSize.ofMegabytes(512) : requestMemory;
        maxImageBytes = maxImageBytes == null ? DataSize.ofMegabytes(20) : maxImageBytes;
        maxImagePixels = maxImagePixels == null ? ImageLimits.DEFAULTS.maxPixels() : maxImagePixels;
        maxImageSide = maxImageSide == null ? ImageLimits.DEFAULTS.maxSide() : maxImageSide;
        maxImageAspectRatio = maxImageAspectRatio == null ? ImageLimits.DEFAULTS.maxAspectRatio()
                : maxImageAspectRatio;
        preprocessConcurrency = preprocessConcurrency == null
                ? Math.max(1, Runtime.getRuntime().availableProcessors() / 2) : preprocessConcurrency;
        preprocessMemory = preprocessMemory == null ? DataSize.ofGigabytes(1) : preprocessMemory;
        maxPromptTokens = maxPromptTokens == null ? 2048 : maxPromptTokens;
        maxMaxTokens = maxMaxTokens == null ? 256 : maxMaxTokens;
        defaultMaxTokens = defaultMaxTokens == null ? Math.min(64, maxMaxTokens) : defaultMaxTokens;
        if (defaultMaxTokens > maxMaxTokens) {
            throw new IllegalArgumentException("lvlm.limits.default-max-tokens exceeds max-max-tokens");
        }
        if (preprocessConcurrency < 1 || preprocessMemory.toBytes() < 1) {
            throw new IllegalArgumentException("lvlm.limits.preprocess-concurrency and preprocess-memory must be "
                    + "positive");
        }
    }

    public static LimitsProperties defaults() {
        return new LimitsProperties(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The per-image caps, as the decoder takes them. */
    public ImageLimits image() {
        return new ImageLimits(maxImageBytes.toBytes(), maxImagePixels, maxImageSide, maxImageAspectRatio);
    }
}
