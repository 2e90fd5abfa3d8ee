package dev.lvlmserve.model.image;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Test images made on the fly with Java2D and ImageIO, plus a few hand-assembled byte streams. */
final class TestImages {
    private TestImages() {}

    static BufferedImage gradient(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.RED, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.GREEN);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return img;
    }

    /** A deterministic pattern whose pixels a Python script can recompute (used for the Pillow golden values). */
    static BufferedImage pattern(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = Math.floorMod(x * 37 + y * 11, 256);
                int g = Math.floorMod(x * x * 5 + y * 29, 256);
                int b = Math.floorMod(255 - x * 13 - y * 7, 256);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    static BufferedImage solid(int width, int height, int rgb) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG signature and an IHDR chunk (valid CRC) declaring the given size, then {@code tail}. */
    static byte[] pngHeader(int width, int height, byte[] tail) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).order(ByteOrder.BIG_ENDIAN);
        ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        byte[] chunk = chunk("IHDR", ihdr.array());
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        ByteBuffer out = ByteBuffer.allocate(signature.length + chunk.length + tail.length);
        return out.put(signature).put(chunk).put(tail).array();
    }

    static byte[] chunk(String type, byte[] data) {
        CRC32 crc = new CRC32();
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length)
                .putInt(data.length)
                .put(typeBytes)
                .put(data)
                .putInt((int) crc.getValue())
                .array();
    }

    /**
     * A lossless WebP (VP8L) of one colour, assembled bit by bit: no transforms, no colour cache, and five "simple"
     * prefix codes of one symbol each (green, red, blue, alpha, distance), so every pixel costs zero bits. Eight zero
     * bytes pad the bitstream because TwelveMonkeys' bit reader refills 8 bytes at a time (libwebp does not need it).
     */
    static byte[] losslessWebp(int width, int height, int r, int g, int b, int a) {
        BitWriter bits = new BitWriter();
        bits.put(0x2f, 8); // VP8L signature
        bits.put(width - 1, 14);
        bits.put(height - 1, 14);
        bits.put(a == 255 ? 0 : 1, 1); // alpha_is_used
        bits.put(0, 3); // version
        bits.put(0, 1); // no transform
        bits.put(0, 1); // no colour cache
        bits.put(0, 1); // no meta prefix codes
        for (int symbol : new int[] {g, r, b, a}) {
            bits.put(1, 1); // simple code
            bits.put(0, 1); // one symbol
            bits.put(1, 1); // 8-bit symbol
            bits.put(symbol, 8);
        }
        bits.put(1, 1); // distance: simple code, one 1-bit symbol 0
        bits.put(0, 1);
        bits.put(0, 1);
        bits.put(0, 1);
        byte[] stream = bits.bytes(8);
        int padded = stream.length + (stream.length & 1);
        ByteBuffer out = ByteBuffer.allocate(20 + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(12 + padded);
        out.put("WEBPVP8L".getBytes(StandardCharsets.US_ASCII)).putInt(stream.length).put(stream);
        return out.array();
    }

    /** LSB-first bit packing, as VP8L reads it. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        void put(int value, int count) {
            for (int i = 0; i < count; i++) {
                current |= ((value >> i) & 1) << used;
                if (++used == 8) {
                    out.write(current);
                    current = 0;
                    used = 0;
                }
            }
        }

        byte[] bytes(int zeroPadding) {
            if (used > 0) {
                out.write(current);
                current = 0;
                used = 0;
            }
            out.writeBytes(new byte[zeroPadding]);
            return out.toByteArray();
        }
    }
}
