package dev.lvlmserve.serving.corpus;

import dev.lvlmserve.serving.ServingFixtures;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * Image bytes for the corpus, made here: every supported format valid and damaged, unsupported formats and
 * non-images, zero and one byte, truncations, headers declaring huge or extreme-aspect sizes, and decompression
 * bombs. Sized for the test server's caps (1 MP, 256 KiB, 16384 px a side, 32:1).
 */
final class BadImages {
    /** How the server must answer an image. */
    enum Outcome { SERVED, CORRUPT, UNSUPPORTED, TOO_LARGE, ASPECT, REFUSED, SERVED_OR_REFUSED }

    record Sample(String name, byte[] bytes, Outcome outcome) {}

    private BadImages() {}

    static List<Sample> all() {
        List<Sample> s = new ArrayList<>();
        for (String format : List.of("png", "jpeg", "gif", "bmp")) {
            byte[] ok = encode(picture(24, 16, BufferedImage.TYPE_INT_RGB), format);
            s.add(new Sample(format + " valid", ok, Outcome.SERVED));
            s.add(new Sample(format + " first 8 bytes", Arrays.copyOf(ok, 8), Outcome.REFUSED));
            s.add(new Sample(format + " truncated to half", Arrays.copyOf(ok, ok.length / 2), Outcome.REFUSED));
            s.add(new Sample(format + " last byte missing", Arrays.copyOf(ok, ok.length - 1),
                    Outcome.SERVED_OR_REFUSED));
            s.add(new Sample(format + " body scrambled", scramble(ok, 20), Outcome.SERVED_OR_REFUSED));
        }
        s.add(new Sample("png grey 16-bit", encode(picture(20, 20, BufferedImage.TYPE_USHORT_GRAY), "png"),
                Outcome.SERVED));
        s.add(new Sample("png palette", encode(picture(20, 20, BufferedImage.TYPE_BYTE_INDEXED), "png"),
                Outcome.SERVED));
        s.add(new Sample("png with alpha", encode(picture(20, 20, BufferedImage.TYPE_INT_ARGB), "png"),
                Outcome.SERVED));
        s.add(new Sample("png 1-bit", encode(picture(20, 20, BufferedImage.TYPE_BYTE_BINARY), "png"),
                Outcome.SERVED));
        s.add(new Sample("jpeg grey", encode(picture(20, 20, BufferedImage.TYPE_BYTE_GRAY), "jpeg"),
                Outcome.SERVED));
        s.add(new Sample("png 1x1", encode(picture(1, 1, BufferedImage.TYPE_INT_RGB), "png"), Outcome.SERVED));
        s.add(new Sample("png 32:1 (the cap)", encode(picture(320, 10, BufferedImage.TYPE_INT_RGB), "png"),
                Outcome.SERVED));
        s.add(new Sample("png 1x200 strip", encode(picture(1, 200, BufferedImage.TYPE_INT_RGB), "png"),
                Outcome.ASPECT));
        s.add(new Sample("png 400x2 strip", encode(picture(400, 2, BufferedImage.TYPE_INT_RGB), "png"),
                Outcome.ASPECT));
        s.add(new Sample("png 33:1", encode(picture(330, 10, BufferedImage.TYPE_INT_RGB), "png"), Outcome.ASPECT));
        headers(s);
        nonImages(s);
        s.add(new Sample("tiff", encode(picture(8, 8, BufferedImage.TYPE_INT_RGB), "tiff"), Outcome.UNSUPPORTED));
        s.add(new Sample("wbmp", encode(picture(8, 8, BufferedImage.TYPE_BYTE_BINARY), "wbmp"),
                Outcome.UNSUPPORTED));
        s.add(new Sample("png deflate bomb 1000x1000 (within the pixel cap)", deflateBomb(1000, 1000),
                Outcome.SERVED_OR_REFUSED));
        s.add(new Sample("png deflate bomb declaring 20000x20000", deflateBomb(20000, 20000), Outcome.TOO_LARGE));
        s.add(new Sample("png over the byte cap", padded(encode(picture(8, 8, BufferedImage.TYPE_INT_RGB), "png"),
                300 * 1024), Outcome.TOO_LARGE));
        return s;
    }

    /** Well-formed headers that declare sizes the caps refuse, or nonsense. */
    private static void headers(List<Sample> s) {
        s.add(new Sample("png header 100000x100000", pngHeader(100_000, 100_000), Outcome.TOO_LARGE));
        s.add(new Sample("png header 1x26001 (pad-to-square would be 2 GB)", pngHeader(1, 26_001), Outcome.TOO_LARGE));
        s.add(new Sample("png header 1x49000000 (overflowed an int)", pngHeader(1, 49_000_000), Outcome.TOO_LARGE));
        s.add(new Sample("png header 26001x1", pngHeader(26_001, 1), Outcome.TOO_LARGE));
        s.add(new Sample("png header 1x10000", pngHeader(1, 10_000), Outcome.ASPECT));
        s.add(new Sample("png header 2147483647x1", pngHeader(Integer.MAX_VALUE, 1), Outcome.REFUSED));
        s.add(new Sample("png header 0x0", pngHeader(0, 0), Outcome.REFUSED));
        s.add(new Sample("png header negative width", pngHeader(-5, 10), Outcome.REFUSED));
        s.add(new Sample("png header only", Arrays.copyOf(pngHeader(64, 64), 33), Outcome.REFUSED));
        byte[] jpeg = encode(picture(32, 32, BufferedImage.TYPE_INT_RGB), "jpeg");
        s.add(new Sample("jpeg SOF 60000x60000", jpegSize(jpeg, 60_000, 60_000), Outcome.TOO_LARGE));
        s.add(new Sample("jpeg SOF 1x30000", jpegSize(jpeg, 30_000, 1), Outcome.TOO_LARGE));
        s.add(new Sample("jpeg SOF 0x0", jpegSize(jpeg, 0, 0), Outcome.REFUSED));
        byte[] gif = encode(picture(16, 16, BufferedImage.TYPE_BYTE_INDEXED), "gif");
        s.add(new Sample("gif 65535x65535", gifSize(gif, 65_535, 65_535), Outcome.REFUSED));
        byte[] bmp = encode(picture(16, 16, BufferedImage.TYPE_INT_RGB), "bmp");
        s.add(new Sample("bmp 100000x100000", bmpSize(bmp, 100_000, 100_000), Outcome.REFUSED)); // JDK: corrupt
        s.add(new Sample("bmp negative width", bmpSize(bmp, -16, 16), Outcome.REFUSED));
        s.add(new Sample("bmp zero height", bmpSize(bmp, 16, 0), Outcome.REFUSED));
        s.add(new Sample("webp VP8X 16384x16384", webpCanvas(16_384, 16_384), Outcome.REFUSED));
        s.add(new Sample("webp VP8X 1x16000", webpCanvas(1, 16_000), Outcome.REFUSED));
        s.add(new Sample("webp riff only", ascii("RIFF\u0004\0\0\0WEBP"), Outcome.REFUSED));
    }

    private static void nonImages(List<Sample> s) {
        Random r = new Random(7);
        byte[] noise = new byte[4096];
        r.nextBytes(noise);
        s.add(new Sample("zero bytes", new byte[0], Outcome.REFUSED));
        s.add(new Sample("one byte", new byte[] {(byte) 0x89}, Outcome.REFUSED));
        s.add(new Sample("random bytes", noise, Outcome.UNSUPPORTED));
        s.add(new Sample("zeros", new byte[512], Outcome.UNSUPPORTED));
        s.add(new Sample("text", ascii("hello, I am not an image"), Outcome.UNSUPPORTED));
        s.add(new Sample("html", ascii("<!doctype html><html><body>x</body></html>"), Outcome.UNSUPPORTED));
        s.add(new Sample("svg", ascii("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>"),
                Outcome.UNSUPPORTED));
        s.add(new Sample("pdf", ascii("%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF"), Outcome.UNSUPPORTED));
        s.add(new Sample("heic ftyp", ascii("\0\0\0\u0018ftypheic\0\0\0\0mif1heic"), Outcome.UNSUPPORTED));
        s.add(new Sample("avif ftyp", ascii("\0\0\0\u001cftypavif\0\0\0\0avifmif1miaf"), Outcome.UNSUPPORTED));
        s.add(new Sample("psd", ascii("8BPS\0\1\0\0\0\0\0\0\0\3"), Outcome.UNSUPPORTED));
        s.add(new Sample("ico", new byte[] {0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0}, Outcome.UNSUPPORTED));
        s.add(new Sample("jpeg 2000", new byte[] {0, 0, 0, 12, 'j', 'P', ' ', ' ', 13, 10, (byte) 0x87, 10},
                Outcome.UNSUPPORTED));
        s.add(new Sample("png signature then garbage", ServingFixtures.corruptPng(), Outcome.REFUSED));
        s.add(new Sample("gif signature then garbage", withMagic("GIF89a", noise), Outcome.REFUSED));
        s.add(new Sample("bmp signature then garbage", withMagic("BM", noise), Outcome.REFUSED));
        s.add(new Sample("jpeg SOI then garbage", withMagic("\u00ff\u00d8\u00ff\u00e0", noise), Outcome.REFUSED));
        s.add(new Sample("gzip", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}, Outcome.UNSUPPORTED));
        s.add(new Sample("zip", ascii("PK\u0003\u0004\u0014\0\0\0"), Outcome.UNSUPPORTED));
        s.add(new Sample("elf", ascii("\u007fELF\u0002\u0001\u0001"), Outcome.UNSUPPORTED));
    }

    static BufferedImage picture(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        var g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.RED);
        g.fillRect(w / 4, h / 4, Math.max(1, w / 2), Math.max(1, h / 2));
        g.dispose();
        return img;
    }

    static byte[] encode(BufferedImage img, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] scramble(byte[] image, int keep) {
        byte[] out = image.clone();
        Random r = new Random(image.length);
        for (int i = keep; i < out.length; i += 3) {
            out[i] = (byte) r.nextInt();
        }
        return out;
    }

    private static byte[] padded(byte[] image, int size) {
        return Arrays.copyOf(image, size); // trailing zeros after IEND: only the size matters here
    }

    private static byte[] withMagic(String magic, byte[] rest) {
        byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = Arrays.copyOf(m, m.length + rest.length);
        System.arraycopy(rest, 0, out, m.length, rest.length);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A PNG of {@code width × height} black RGB pixels: a few KiB of deflate expanding to megabytes. */
    private static byte[] deflateBomb(int width, int height) {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(9);
        byte[] row = new byte[1 + width * 3]; // filter byte 0, then zeros
        byte[] buf = new byte[65536];
        int rows = (int) Math.min(height, 1_000_000_00L / row.length); // at most ~100 MB of raw rows
        for (int y = 0; y < rows; y++) {
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                idat.write(buf, 0, deflater.deflate(buf));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            idat.write(buf, 0, deflater.deflate(buf));
        }
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", idat.toByteArray());
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

    private static byte[] jpegSize(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        for (int i = 0; i + 8 < out.length; i++) {
            if ((out[i] & 0xFF) == 0xFF && ((out[i + 1] & 0xFF) == 0xC0 || (out[i + 1] & 0xFF) == 0xC2)) {
                ByteBuffer.wrap(out, i + 5, 4).putShort((short) height).putShort((short) width);
                return out;
            }
        }
        throw new IllegalStateException("no SOF marker");
    }

    private static byte[] gifSize(byte[] gif, int width, int height) {
        byte[] out = gif.clone();
        ByteBuffer.wrap(out, 6, 4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) width).putShort((short) height);
        for (int i = 13; i + 9 < out.length; i++) {
            if (out[i] == 0x2C) { // image descriptor
                ByteBuffer.wrap(out, i + 5, 4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) width)
                        .putShort((short) height);
                break;
            }
        }
        return out;
    }

    private static byte[] bmpSize(byte[] bmp, int width, int height) {
        byte[] out = bmp.clone();
        ByteBuffer.wrap(out, 18, 8).order(ByteOrder.LITTLE_ENDIAN).putInt(width).putInt(height);
        return out;
    }

    private static byte[] webpCanvas(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(22).put(ascii("WEBP")).put(ascii("VP8X")).putInt(10).putInt(0);
        int w = width - 1;
        int h = height - 1;
        b.put((byte) w).put((byte) (w >> 8)).put((byte) (w >> 16)).put((byte) h).put((byte) (h >> 8))
                .put((byte) (h >> 16));
        return b.array();
    }
}
