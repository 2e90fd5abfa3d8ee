package dev.lvlmserve.serving.variants;

import dev.lvlmserve.model.llama.LayerShape;
import dev.lvlmserve.pruning.plan.ModelShape;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The variant report PNG: the report's per-layer scores as a bar chart (XChart), removed layers in red; under it a
 * strip of the decoder's layers, retained in green and removed in red; and under that the per-layer width diagram —
 * the share of each layer's query heads and MLP neurons the variant keeps (a removed layer keeps 0). Layers without
 * a score plot as 0 (a base, or a method that scores nothing).
 */
final class VariantReport {
    private static final int WIDTH = 900;
    private static final int CHART_HEIGHT = 420;
    private static final int STRIP_HEIGHT = 110;
    private static final int WIDTH_CHART_HEIGHT = 320;
    private static final Color KEPT = new Color(0x2E7D32);
    private static final Color REMOVED = new Color(0xC62828);
    private static final Color HEADS = new Color(0x1565C0);
    private static final Color NEURONS = new Color(0xF9A825);

    private VariantReport() {}

    /** @param base the base's layer shapes (for the kept fractions) */
    static byte[] png(VariantEntry m, ModelShape base) {
        BufferedImage img = new BufferedImage(WIDTH, CHART_HEIGHT + STRIP_HEIGHT + WIDTH_CHART_HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            chart(m).paint(g, WIDTH, CHART_HEIGHT);
            g.translate(0, CHART_HEIGHT);
            strip(g, m);
            g.translate(0, STRIP_HEIGHT);
            widths(m, base).paint(g, WIDTH, WIDTH_CHART_HEIGHT);
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

    private static CategoryChart widths(VariantEntry m, ModelShape base) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(WIDTH_CHART_HEIGHT)
                .title("kept width per layer").xAxisTitle("decoder layer").yAxisTitle("% of the base layer kept")
                .build();
        chart.getStyler().setLegendVisible(true).setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        Map<Integer, VariantView.LayerView> kept = new HashMap<>();
        LayerWidths.of(m.recipe(), base).forEach(l -> kept.put(l.layer(), l));
        List<Integer> layers = new ArrayList<>();
        List<Double> heads = new ArrayList<>();
        List<Double> neurons = new ArrayList<>();
        for (LayerShape s : base.layers()) {
            VariantView.LayerView l = kept.get(s.layerId());
            layers.add(s.layerId());
            heads.add(l == null ? 0.0 : 100.0 * l.heads() / s.heads());
            neurons.add(l == null ? 0.0 : 100.0 * l.neurons() / s.intermediate());
        }
        chart.addSeries("query heads", layers, heads).setFillColor(HEADS);
        chart.addSeries("MLP neurons", layers, neurons).setFillColor(NEURONS);
        return chart;
    }

    private static CategoryChart chart(VariantEntry m) {
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

    private static void strip(Graphics2D g, VariantEntry m) {
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
