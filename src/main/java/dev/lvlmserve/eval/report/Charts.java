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

    /** One style for every figure: size, fonts, palette (colour-blind-safe, Okabe–Ito order). */
    static final int WIDTH = 900;
    static final int HEIGHT = 560;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Color[] PALETTE = {new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115),
        new Color(204, 121, 167), new Color(213, 94, 0), new Color(86, 180, 233), new Color(120, 120, 120),
        new Color(240, 228, 66), new Color(0, 0, 0)};

    private Charts() {}

    private static void fonts(org.knowm.xchart.style.AxesChartStyler styler) {
        styler.setChartTitleFont(TITLE);
        styler.setAxisTitleFont(LABEL);
        styler.setAxisTickLabelsFont(TICK);
        styler.setLegendFont(TICK);
        styler.setChartBackgroundColor(Color.WHITE);
    }

    /** Accuracy (or retention) against ratio, one line per method. */
    public static void lines(Path file, String title, String yTitle, double[] ratios,
            Map<String, double[]> series) throws IOException {
        lines(file, title, "pruning ratio (fraction of decoder-layer parameters removed)", yTitle, ratios, series);
    }

    /** One line per series over the same x values (NaN: no point). */
    public static void lines(Path file, String title, String xTitle, String yTitle, double[] xs,
            Map<String, double[]> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        var styler = chart.getStyler();
        styler.setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        styler.setMarkerSize(7);
        styler.setSeriesColors(PALETTE);
        styler.setXAxisDecimalPattern("0.#"); // ratios and percentages: 12.4, not 12.439024390243903
        styler.setYAxisDecimalPattern("0.#");
        fonts(styler);
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
                // the colour bar prints its end values as they are: rounded here so it reads 0.21 .. 1.0
                cells.add(new Number[] {i, j, Math.round(values[i][j] * 100) / 100.0});
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(HEIGHT + 120).height(HEIGHT + 120).title(title)
                .xAxisTitle("hidden state (0 = embeddings, i = output of layer i-1)").yAxisTitle("hidden state")
                .build();
        chart.getStyler().setXAxisDecimalPattern("0"); // layer indices are integers
        chart.getStyler().setYAxisDecimalPattern("0");
        chart.getStyler().setHeatMapValueDecimalPattern("0.00");
        fonts(chart.getStyler());
        chart.getStyler().setRangeColors(new Color[] {new Color(49, 54, 149), new Color(171, 217, 233),
            new Color(254, 224, 144), new Color(215, 48, 39)});
        chart.getStyler().setShowValue(false);
        chart.addSeries("cosine", axis, axis, cells);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** The paper's Fig. 7: one row per configuration, retained layers blue, removed layers grey. */
    public static BufferedImage layerDiagram(String title, List<String> rowLabels, int layers,
            List<Set<Integer>> removed) {
        int cell = 28;
        int labelWidth = 150;
        int top = 30; // the title's band
        Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        int titleWidth = probe.getFontMetrics(TITLE).stringWidth(title);
        probe.dispose();
        int w = Math.max(labelWidth + layers * cell + 20, titleWidth + 24);
        int h = top + 40 + rowLabels.size() * (cell + 8) + 20;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(TITLE);
        g.setColor(Color.BLACK);
        g.drawString(title, 8, 22);
        g.setFont(TICK);
        g.setColor(Color.DARK_GRAY);
        for (int l = 0; l < layers; l++) {
            g.drawString(Integer.toString(l), labelWidth + l * cell + 8, top + 28);
        }
        for (int r = 0; r < rowLabels.size(); r++) {
            int y = top + 40 + r * (cell + 8);
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
