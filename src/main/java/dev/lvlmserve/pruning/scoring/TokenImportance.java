package dev.lvlmserve.pruning.scoring;

/**
 * Token Importance Scores, paper §4.1 Eq. 5–6, from one layer's attention probabilities averaged over heads.
 * {@code A[j][i]} is the attention query j pays to key i (rows sum to 1, zero above the diagonal).
 *
 * <ul>
 *   <li>visual token i: intra = (1/s) Σ_{j∈V} A[j][i] (attention received from visual tokens, Eq. 5 — including
 *       itself, as the paper's sum over j = 1..s); cross = mean of A[j][i] over the text rows j after the image (Eq. 6;
 *       DESIGN §3: text before {@code <image>} cannot see it, so it must not dilute the mean);
 *   <li>text token i: intra = (1/c) Σ_{j∈Q} A[j][i] (attention received from text tokens); cross = (1/s) Σ_{j∈V}
 *       A[i][j] (attention it pays to visual tokens);
 *   <li>TIS = (intra + cross) / 2; where cross is undefined (no image, or no text after it) TIS = intra.
 * </ul>
 *
 * Every term is a mean, so uniform attention gives every token the same score.
 */
public final class TokenImportance {
    private TokenImportance() {}

    /** Per-position scores; all arrays have length T. */
    public record Scores(double[] intra, double[] cross, double[] tis) {}

    /**
     * @param attention (T, T) row-major, rows = queries
     */
    public static Scores compute(float[] attention, TokenLayout layout) {
        int t = layout.length();
        if (attention.length != (long) t * t) {
            throw new IllegalArgumentException("attention has " + attention.length + " entries, expected " + t + "×"
                    + t + " for " + layout);
        }
        int[] visual = layout.visual();
        int[] text = layout.text();
        int[] textAfter = layout.textAfterImage();
        double[] intra = new double[t];
        double[] cross = new double[t];
        double[] tis = new double[t];
        for (int i = 0; i < t; i++) {
            boolean defined;
            if (layout.isImage(i)) {
                intra[i] = meanOverRows(attention, t, visual, i);
                defined = textAfter.length > 0;
                cross[i] = defined ? meanOverRows(attention, t, textAfter, i) : 0;
            } else {
                intra[i] = meanOverRows(attention, t, text, i);
                defined = visual.length > 0;
                cross[i] = defined ? meanOverColumns(attention, t, i, visual) : 0;
            }
            tis[i] = defined ? (intra[i] + cross[i]) / 2 : intra[i];
        }
        return new Scores(intra, cross, tis);
    }

    /** Mean attention that the query rows {@code rows} pay to key {@code column}. */
    private static double meanOverRows(float[] a, int t, int[] rows, int column) {
        double sum = 0;
        for (int j : rows) {
            sum += a[j * t + column];
        }
        return rows.length == 0 ? 0 : sum / rows.length;
    }

    /** Mean attention that query {@code row} pays to the keys {@code columns}. */
    private static double meanOverColumns(float[] a, int t, int row, int[] columns) {
        double sum = 0;
        for (int j : columns) {
            sum += a[row * t + j];
        }
        return columns.length == 0 ? 0 : sum / columns.length;
    }
}
