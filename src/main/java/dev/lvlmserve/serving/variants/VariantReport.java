package dev.lvlmserve.serving.variants;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The variant report PNG: the plan's per-layer scores as a bar chart (XChart), removed layers in red, and under it
 * a strip of the decoder's layers, retained in green and removed in red. Layers without a score plot as 0 (a base,
 * or a method that scores nothing).
 */
final class VariantReport {
    private static final int WIDTH = 900;
    private static final int CHART_HEIGHT = 420;
    private static final int STRIP_HEIGHT = 110;
    private static final Color KEPT = new Color(0x2E7D32);
    private static final Color REMOVED = new Color(0xC62828);

    private VariantReport() {}

    static byte[] png(VariantManifest m) {
        BufferedImage img = new BufferedImage(WIDTH, CHART_HEIGHT + STRIP_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            chart(m).paint(g, WIDTH, CHART_HEIGHT);
            g.translate(0, CHART_HEIGHT);
            strip(g, m);
        } finally {
            g.dispose();
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CategoryChart chart(VariantManifest m) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(CHART_HEIGHT)
                .title(m.name() + " (" + m.method() + ", base " + m.base() + ")")
                .xAxisTitle("decoder layer").yAxisTitle("layer score").build();
        chart.getStyler().setOverlapped(true).setLegendVisible(true).setChartBackgroundColor(Color.WHITE);
        List<Integer> layers = new ArrayList<>();
        List<Double> kept = new ArrayList<>();
        List<Double> removed = new ArrayList<>();
        for (int layer = 0; layer < m.numLayers(); layer++) {
            double score = m.layerScores().getOrDefault(layer, 0.0);
            boolean gone = m.removedLayers().contains(layer);
            layers.add(layer);
            kept.add(gone ? 0.0 : score);
            removed.add(gone ? score : 0.0);
        }
        chart.addSeries("retained", layers, kept).setFillColor(KEPT);
        chart.addSeries("removed", layers, removed).setFillColor(REMOVED);
        return chart;
    }

    private static void strip(Graphics2D g, VariantManifest m) {
        int n = Math.max(1, m.numLayers());
        int margin = 40;
        double cell = (WIDTH - 2.0 * margin) / n;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.DARK_GRAY);
        g.drawString("decoder layers: " + (m.numLayers() - m.removedLayers().size()) + " of " + m.numLayers()
                + " retained; removed " + m.removedLayers(), margin, 20);
        g.setStroke(new BasicStroke(1f));
        for (int layer = 0; layer < m.numLayers(); layer++) {
            int x = (int) Math.round(margin + layer * cell);
            int w = Math.max(1, (int) Math.round(cell) - 2);
            g.setColor(m.removedLayers().contains(layer) ? REMOVED : KEPT);
            g.fillRect(x, 35, w, 40);
            if (cell >= 18) {
                g.setColor(Color.WHITE);
                g.drawString(Integer.toString(layer), x + 3, 60);
            }
        }
    }
}
