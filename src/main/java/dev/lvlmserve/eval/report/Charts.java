package dev.lvlmserve.eval.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** The ablation report's PNG figures: XChart for the line chart and heatmap, Java2D for the layer diagram. */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** Accuracy (or retention) against ratio, one line per method. */
    public static void lines(Path file, String title, String yTitle, double[] ratios,
            Map<String, double[]> series) throws IOException {
        lines(file, title, "pruning ratio (fraction of decoder-layer parameters removed)", yTitle, ratios, series);
    }

    /** One line per series over the same x values (NaN: no point). */
    public static void lines(Path file, String title, String xTitle, String yTitle, double[] xs,
            Map<String, double[]> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(7);
        series.forEach((name, ys) -> chart.addSeries(name, xs, ys));
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** An n×n heatmap (Fig. 4 of the paper): warm = high similarity. */
    public static void heatmap(Path file, String title, double[][] values) throws IOException {
        int n = values.length;
        List<Integer> axis = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            axis.add(i);
        }
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cells.add(new Number[] {i, j, values[i][j]});
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(760).height(680).title(title)
                .xAxisTitle("hidden state (0 = embeddings, i = output of layer i-1)").yAxisTitle("hidden state")
                .build();
        chart.getStyler().setDecimalPattern("0.00");
        chart.getStyler().setRangeColors(new Color[] {new Color(49, 54, 149), new Color(171, 217, 233),
            new Color(254, 224, 144), new Color(215, 48, 39)});
        chart.getStyler().setShowValue(false);
        chart.addSeries("cosine", axis, axis, cells);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** The paper's Fig. 7: one row per configuration, retained layers blue, removed layers grey. */
    public static BufferedImage layerDiagram(List<String> rowLabels, int layers, List<Set<Integer>> removed) {
        int cell = 28;
        int labelWidth = 150;
        int w = labelWidth + layers * cell + 20;
        int h = 40 + rowLabels.size() * (cell + 8) + 20;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.DARK_GRAY);
        for (int l = 0; l < layers; l++) {
            g.drawString(Integer.toString(l), labelWidth + l * cell + 8, 28);
        }
        for (int r = 0; r < rowLabels.size(); r++) {
            int y = 40 + r * (cell + 8);
            g.setColor(Color.DARK_GRAY);
            g.drawString(rowLabels.get(r), 8, y + 18);
            for (int l = 0; l < layers; l++) {
                g.setColor(removed.get(r).contains(l) ? new Color(225, 225, 225) : new Color(52, 101, 164));
                g.fillRect(labelWidth + l * cell, y, cell - 3, cell);
            }
        }
        g.dispose();
        return img;
    }

    public static void save(BufferedImage image, Path file) throws IOException {
        ImageIO.write(image, "png", file.toFile());
    }
}
