package dev.lvlmserve.serving.variants;

import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.engine.Completion;
import dev.lvlmserve.serving.engine.InferenceEngine;
import dev.lvlmserve.serving.engine.ModelHealthIndicator;
import dev.lvlmserve.serving.engine.VariantWorker;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Startup: loads the base models, then warms the default variant with one dummy generation through the real
 * request path (image decoding, vision tower, prefill, decode) so that libtorch's first-call costs are paid before
 * traffic arrives, then reports ready. Runs after the web server has started, so liveness answers meanwhile; a
 * failure here fails startup, as a server that cannot load its model should not run.
 */
@Component
public class StartupLoader implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(StartupLoader.class);

    private final VariantRegistry registry;
    private final InferenceEngine engine;
    private final ModelHealthIndicator readiness;
    private final boolean warmup;

    public StartupLoader(VariantRegistry registry, InferenceEngine engine, ModelHealthIndicator readiness,
            LvlmProperties properties) {
        this.registry = registry;
        this.engine = engine;
        this.readiness = readiness;
        this.warmup = properties.engine().warmup();
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            registry.start();
            VariantWorker worker = registry.acquire(null);
            if (warmup) {
                long t0 = System.nanoTime();
                Completion c = engine.warmUp(worker, greyPng());
                log.info("warmed {} in {} ms ({} tokens)", worker.variant(), (System.nanoTime() - t0) / 1_000_000,
                        c.completionTokens());
            }
            readiness.markReady(worker.variant());
        } catch (RuntimeException e) {
            readiness.markFailed(e.getMessage());
            throw e;
        }
    }

    static byte[] greyPng() {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 8, 8);
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
