package dev.lvlmserve.bench.scene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SceneRendererTest {
    private static final int BACKGROUND = 0xD7D7D7;

    @Test
    void drawsEachShapeInItsColourAtTheCellCentreOnGrey() {
        for (Shape shape : Shape.values()) {
            for (Size size : Size.values()) {
                var o = new SceneObject(shape, Colour.GREEN, size, 2, 1);
                BufferedImage image = SceneRenderer.render(new Scene(List.of(o)));
                assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
                assertEquals(64, image.getWidth());
                int cx = (int) (1.5 * 64 / 3);
                int cy = (int) (2.5 * 64 / 3);
                int centre = image.getRGB(cx, cy) & 0xFFFFFF;
                assertEquals(Colour.GREEN.rgb().getRGB() & 0xFFFFFF, centre, shape + " " + size);
                assertEquals(BACKGROUND, image.getRGB(10, 10) & 0xFFFFFF, "empty cell is background");
                assertEquals(BACKGROUND, image.getRGB(cx, 10) & 0xFFFFFF, "nothing leaks out of the cell");
            }
        }
    }

    @Test
    void onlyTheSixColoursAndTheBackgroundAppear() {
        var g = new SceneGenerator(3);
        for (int i = 0; i < 50; i++) {
            BufferedImage image = SceneRenderer.render(g.next());
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    int rgb = image.getRGB(x, y) & 0xFFFFFF;
                    boolean known = rgb == BACKGROUND;
                    for (Colour c : Colour.values()) {
                        known |= rgb == (c.rgb().getRGB() & 0xFFFFFF);
                    }
                    assertTrue(known, "antialiasing leaked colour " + Integer.toHexString(rgb));
                }
            }
        }
    }

    @Test
    void largeObjectsCoverMorePixelsThanSmallOnes() {
        for (Shape shape : Shape.values()) {
            int small = coloured(alone(new SceneObject(shape, Colour.RED, Size.SMALL, 1, 1)));
            int large = coloured(alone(new SceneObject(shape, Colour.RED, Size.LARGE, 1, 1)));
            assertTrue(large > 2.5 * small, shape + ": " + small + " vs " + large);
        }
    }

    @Test
    void pngIsDeterministicAndDecodesToTheSamePixels() throws IOException {
        Scene scene = new SceneGenerator(11).next();
        byte[] png = SceneRenderer.toPng(SceneRenderer.render(scene));
        assertArrayEquals(png, SceneRenderer.toPng(SceneRenderer.render(scene)));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        BufferedImage original = SceneRenderer.render(scene);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                assertEquals(original.getRGB(x, y), decoded.getRGB(x, y));
            }
        }
    }

    private static BufferedImage alone(SceneObject o) {
        return SceneRenderer.render(new Scene(List.of(o)));
    }

    private static int coloured(BufferedImage image) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) == BACKGROUND ? 0 : 1;
            }
        }
        return n;
    }
}
