package dev.lvlmserve.cli;

import dev.lvlmserve.eval.load.LoadGenerator;
import dev.lvlmserve.eval.load.Soak;
import dev.lvlmserve.model.config.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bounded soak on loopback, against the server started from this jar in a JVM of its own (so that its resident
 * memory is measured apart from the load generator's): measures capacity (closed loop at 16 clients), then sends
 * requests open-loop at a
 * multiple of it for a few minutes in a mix of normal VQA requests, large images (a 12 MP JPEG, a 49 MP PNG, a
 * 1 × 26001 PNG header) and streams whose client hangs up after the first token, then idles and measures again.
 * Prints what every request got (only 2xx, 4xx and 503 with Retry-After are acceptable), resident memory before,
 * at the peak and after the burst, and quiet latency before and after. Not part of the build: run it once.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        footer = {"", "Example: ./lvlm-serve soak --seconds 60 --load 2.0"},
        description = "Soak the HTTP service on loopback at a multiple of its measured capacity.")
final class SoakCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--seconds", defaultValue = "180", description = "length of the overload phase")
    int seconds;

    @Option(names = "--load", defaultValue = "2.0", description = "arrival rate as a multiple of capacity")
    double load;

    @Option(names = "--idle-seconds", defaultValue = "120", description = "quiet time after the burst")
    int idleSeconds;

    private final HttpClient http = HttpClient.newHttpClient();

    @Option(names = "--server-jvm", split = " ", defaultValue = "-XX:MaxRAMPercentage=50",
            description = "JVM options of the server process (default: the container image's)")
    List<String> serverJvm;

    @Override
    public Integer call() throws Exception {
        Path modelDir = model.resolve();
        Path data = Files.createTempDirectory("lvlm-soak-");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process server = startServer(modelDir, data, port);
        try {
            URI base = URI.create("http://127.0.0.1:" + port + "/");
            awaitReady(base, server);
            URI vqa = base.resolve("/v1/vqa");
            List<String> bodies = LoadTestCommand.bodies(null, 112);
            List<String> normal = bodies.subList(0, 64);
            new LoadGenerator().run(vqa, normal, 4, normal.size(), Duration.ofMinutes(3)); // warm, cache features
            LoadGenerator.Result capacity = new LoadGenerator().run(vqa, normal, 16, 192, Duration.ofMinutes(3));
            double rate = load * capacity.perSecond();
            // quiet latency on images never seen (the vision tower runs), the same kind of request before and after
            double[] before = Soak.quietLatencyMs(vqa, bodies.subList(64, 88), 24);
            System.err.printf(Locale.ROOT, "capacity %.1f req/s (c=16, %d errors); soaking at %.1f req/s for %d s%n",
                    capacity.perSecond(), capacity.errors(), rate, seconds);
            long pid = server.pid();
            Soak.Result r = new Soak().run(base, kinds(normal), rate, Duration.ofSeconds(seconds), 512, 1,
                    () -> Soak.rssKib(pid));
            List<String> idle = new java.util.ArrayList<>();
            for (int t = 0; t <= idleSeconds; t += 15) {
                idle.add(t + " s: " + Soak.rssKib(pid) / 1024);
                Thread.sleep(15_000);
            }
            double[] after = Soak.quietLatencyMs(vqa, bodies.subList(88, 112), 24);
            String metrics = http.send(HttpRequest.newBuilder(base.resolve("/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            report(capacity, rate, r, before, after, idle, metrics);
            return r.unacceptable() == 0 ? 0 : 1;
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    /** The server in its own JVM (this jar), so its memory is measured apart from the load generator's. */
    private Process startServer(Path modelDir, Path data, int port) throws IOException {
        String jar = System.getProperty("java.class.path");
        if (jar == null || !jar.endsWith(".jar") || jar.contains(java.io.File.pathSeparator)) {
            throw new IllegalStateException("run the soak from the jar: java -jar lvlm-serve.jar soak");
        }
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(serverJvm);
        cmd.addAll(List.of("-jar", jar, "--server.port=" + port, "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off", "--lvlm.models." + modelDir.getFileName() + "=" + modelDir,
                "--lvlm.data-dir=" + data, "--lvlm.security.admin-key=" + UUID.randomUUID()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(data.resolve("server.log").toFile());
        pb.environment().put("DJL_OFFLINE", "true");
        System.err.println("server log: " + data.resolve("server.log"));
        return pb.start();
    }

    private void awaitReady(URI base, Process server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the server did not become ready");
    }

    private List<Soak.Kind> kinds(List<String> normal) throws IOException {
        byte[] jpeg = encode(photo(4032, 3024), "jpeg");
        byte[] png = encode(gradient(7000, 7000), "png");
        byte[] thin = thinPngHeader();
        int[] next = {0};
        Supplier<String> normalBody = () -> normal.get(Math.floorMod(next[0]++, normal.size()));
        return List.of(
                new Soak.Kind("normal", 0.70, "/v1/vqa", normalBody, false),
                new Soak.Kind("12 MP JPEG", 0.08, "/v1/vqa", () -> vqa(withJpegComment(jpeg)), false),
                new Soak.Kind("49 MP PNG", 0.04, "/v1/vqa", () -> vqa(withPngText(png)), false),
                new Soak.Kind("1x26001 PNG header", 0.03, "/v1/vqa", () -> vqa(thin), false),
                new Soak.Kind("stream, client leaves", 0.15, "/v1/chat/completions", SoakCommand::stream, true));
    }

    private static void report(LoadGenerator.Result capacity, double rate, Soak.Result r, double[] before,
            double[] after, List<String> idle, String metrics) {
        System.out.printf(Locale.ROOT, "| capacity (c=16) | %.1f req/s |%n|---|---|%n", capacity.perSecond());
        System.out.printf(Locale.ROOT, "| offered load | %.1f req/s for %.0f s (%d requests) |%n", rate, r.seconds(),
                r.sent());
        r.byKind().forEach((kind, outcomes) -> System.out.println("| " + kind + " | " + outcomes + " |"));
        System.out.println("| unacceptable answers (5xx, 503 without Retry-After) | " + r.unacceptable() + " |");
        System.out.println("| client-side errors (connect, reset) | " + r.clientErrors() + " |");
        System.out.println("| arrivals not sent (512 unanswered already) | " + r.notSent() + " |");
        System.out.printf(Locale.ROOT, "| server RSS before / peak of the burst | %d / %d MiB |%n",
                r.rssBeforeKib() / 1024, r.rssPeakKib() / 1024);
        System.out.println("| server RSS after the burst, MiB | " + String.join(", ", idle) + " |");
        System.out.printf(Locale.ROOT, "| quiet latency p50 / p95 before | %.1f / %.1f ms |%n", before[0], before[1]);
        System.out.printf(Locale.ROOT, "| quiet latency p50 / p95 after | %.1f / %.1f ms |%n", after[0], after[1]);
        metrics.lines().filter(l -> l.startsWith("lvlm_request_failure_total")).forEach(l -> System.out.println(
                "| " + l + " |"));
    }

    private static String vqa(byte[] image) {
        return Json.MAPPER.createObjectNode().put("image", Base64.getEncoder().encodeToString(image))
                .put("question", "what color is the large cube").put("max_new_tokens", 4).toString();
    }

    private static String stream() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("stream", true).put("max_tokens", 64);
        body.putArray("messages").addObject().put("role", "user").put("content", "describe the scene in detail");
        return body.toString();
    }

    /** A smooth picture with some noise, so JPEG and PNG sizes are photo-like. */
    private static BufferedImage photo(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.util.Random noise = new java.util.Random(w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = noise.nextInt(8);
                img.setRGB(x, y, ((x * 255 / w + v) << 16) | ((y * 255 / h) << 8) | ((x + y) * 127 / (w + h)));
            }
        }
        return img;
    }

    /** A smooth gradient: 49 MP that compress to a few MB of PNG, under the request cap. */
    private static BufferedImage gradient(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x * 255 / w) << 16) | ((y * 255 / h) << 8) | 96);
            }
        }
        return img;
    }

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    /** The same JPEG with a fresh COM segment, so its hash (and so the feature cache) never repeats. */
    private static byte[] withJpegComment(byte[] jpeg) {
        byte[] nonce = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + nonce.length + 4);
        out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xFE).putShort((short) (nonce.length + 2)).put(nonce);
        return out.put(jpeg, 2, jpeg.length - 2).array();
    }

    /** The same PNG with a fresh tEXt chunk after IHDR (CRC not checked by readers that ignore tEXt). */
    private static byte[] withPngText(byte[] png) {
        byte[] text = ("nonce\0" + UUID.randomUUID()).getBytes(StandardCharsets.ISO_8859_1);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("tEXt".getBytes(StandardCharsets.US_ASCII));
        crc.update(text);
        ByteBuffer out = ByteBuffer.allocate(png.length + text.length + 12);
        out.put(png, 0, 33).putInt(text.length).put("tEXt".getBytes(StandardCharsets.US_ASCII)).put(text)
                .putInt((int) crc.getValue());
        return out.put(png, 33, png.length - 33).array();
    }

    private static byte[] thinPngHeader() {
        ByteBuffer b = ByteBuffer.allocate(33);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}).putInt(13)
                .put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(26_001)
                .put(new byte[] {8, 2, 0, 0, 0});
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 12, 17);
        return b.putInt((int) crc.getValue()).array();
    }
}
