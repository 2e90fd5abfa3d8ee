package dev.lvlmserve.bench.scene;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Draws a scene as a crisp RGB image. Antialiasing is off and every coordinate is rounded to whole pixels, so the
 * same scene yields the same pixels on every JVM, and {@link #toPng} the same bytes (the JDK PNG writer adds no
 * timestamp).
 */
public final class SceneRenderer {
    /** The image side the small ViT is built for (patch 8 → an 8×8 patch grid). */
    public static final int DEFAULT_IMAGE_SIZE = 64;

    private static final Color BACKGROUND = new Color(215, 215, 215);

    static {
        // Rendering must never need a display: servers and CI have none.
        System.setProperty("java.awt.headless", "true");
    }

    private SceneRenderer() {}

    /** Renders at {@link #DEFAULT_IMAGE_SIZE}. */
    public static BufferedImage render(Scene scene) {
        return render(scene, DEFAULT_IMAGE_SIZE);
    }

    /** Renders on a plain light-grey square of side {@code imageSize}, each object centred in its cell. */
    public static BufferedImage render(Scene scene, int imageSize) {
        if (imageSize < 3 * 8) {
            throw new IllegalArgumentException("image size " + imageSize + " is too small to draw a 3x3 grid");
        }
        BufferedImage image = new BufferedImage(imageSize, imageSize, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, imageSize, imageSize);
            double cell = imageSize / (double) SceneObject.GRID;
            for (SceneObject o : scene.objects()) {
                draw(g, o, cell);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void draw(Graphics2D g, SceneObject o, double cell) {
        int side = (int) Math.round(cell * o.size().cellFraction());
        int x = (int) Math.round(o.col() * cell + (cell - side) / 2);
        int y = (int) Math.round(o.row() * cell + (cell - side) / 2);
        g.setColor(o.colour().rgb());
        switch (o.shape()) {
            case CIRCLE -> g.fillOval(x, y, side, side);
            case SQUARE -> g.fillRect(x, y, side, side);
            case TRIANGLE -> g.fillPolygon(new int[] {x + side / 2, x + side, x}, new int[] {y, y + side, y + side}, 3);
            case CROSS -> {
                int arm = Math.max(2, Math.round(side / 3f)); // a plus sign: two bars a third of the box thick
                int offset = (side - arm) / 2;
                g.fillRect(x + offset, y, arm, side);
                g.fillRect(x, y + offset, side, arm);
            }
        }
    }

    /** Encodes as PNG. Deterministic: equal images give equal bytes. */
    public static byte[] toPng(BufferedImage image) {
        var out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
