package dev.lvlmserve.serving;

import dev.lvlmserve.fixture.FixtureCheckpoint;
import dev.lvlmserve.fixture.FixtureSpec;
import dev.lvlmserve.model.io.KeyMapping;
import dev.lvlmserve.model.io.SafeDType;
import dev.lvlmserve.model.llava.LlavaCheckpoint;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Test inputs: the tiny random fixture checkpoint (written once per JVM) and images, good and bad. */
public final class ServingFixtures {
    private static Path tinyModel;

    private ServingFixtures() {}

    /** A tiny random LLaVA checkpoint (4 decoder layers, 32-pixel images, 16 image positions). */
    public static synchronized Path tinyModel() {
        if (tinyModel == null) {
            try {
                Path dir = tempDir("lvlm-serving-fixture-").resolve("fixture");
                FixtureCheckpoint.write(dir, FixtureSpec.tiny(), 7, new LlavaCheckpoint.WriteOptions(SafeDType.F32,
                        KeyMapping.Vintage.LEGACY, Long.MAX_VALUE));
                tinyModel = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tinyModel;
    }

    /** A temporary directory deleted when the test JVM exits. */
    public static Path tempDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LlavaCheckpoint.deleteTree(dir)));
        return dir;
    }

    /** A PNG of a coloured square on white. */
    public static byte[] png(Color color, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size);
        g.setColor(color);
        g.fillRect(size / 4, size / 4, size / 2, size / 2);
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first half of a valid PNG. */
    public static byte[] truncatedPng() {
        byte[] full = png(Color.RED, 48);
        return Arrays.copyOf(full, full.length / 2);
    }

    /** A PNG signature followed by garbage. */
    public static byte[] corruptPng() {
        byte[] bytes = new byte[200];
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(signature, 0, bytes, 0, signature.length);
        Arrays.fill(bytes, signature.length, bytes.length, (byte) 0x5a);
        return bytes;
    }

    /** A well-formed PNG header declaring 100000 × 100000 pixels (a decompression bomb's header). */
    public static byte[] hugeDimensionPng() {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(100_000).putInt(100_000).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
