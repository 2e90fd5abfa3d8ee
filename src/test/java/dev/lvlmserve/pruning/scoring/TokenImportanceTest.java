package dev.lvlmserve.pruning.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TokenImportanceTest {
    // positions: text 0 (before the image), image 1-2, text 3-4 (after it)
    static final TokenLayout LAYOUT = new TokenLayout(new boolean[] {false, true, true, false, false});
    static final float[] CAUSAL = {
        1.0f, 0.0f, 0.0f, 0.0f, 0.0f,
        0.5f, 0.5f, 0.0f, 0.0f, 0.0f,
        0.2f, 0.3f, 0.5f, 0.0f, 0.0f,
        0.1f, 0.2f, 0.3f, 0.4f, 0.0f,
        0.1f, 0.1f, 0.4f, 0.2f, 0.2f,
    };

    @Test
    void uniformAttentionGivesUniformImportance() {
        for (boolean[] image : new boolean[][] {
            {false, true, true, false, false}, {true, true, true, false}, {false, false, false}, {false, true, true}
        }) {
            int t = image.length;
            float[] a = new float[t * t];
            Arrays.fill(a, 1f / t);
            double[] tis = TokenImportance.compute(a, new TokenLayout(image)).tis();
            for (double v : tis) {
                assertEquals(1.0 / t, v, 1e-7, Arrays.toString(image));
            }
        }
    }

    @Test
    void visualTokensScoreAttentionReceivedFromVisualAndFromLaterText() {
        TokenImportance.Scores s = TokenImportance.compute(CAUSAL, LAYOUT);
        assertEquals((0.5 + 0.3) / 2, s.intra()[1], 1e-7); // from visual rows 1, 2 (Eq. 5, j = 1..s)
        assertEquals((0.2 + 0.1) / 2, s.cross()[1], 1e-7); // from text rows 3, 4 only: row 0 cannot see the image
        assertEquals((0.0 + 0.5) / 2, s.intra()[2], 1e-7);
        assertEquals((0.3 + 0.4) / 2, s.cross()[2], 1e-7);
        assertEquals((0.4 + 0.15) / 2, s.tis()[1], 1e-7);
    }

    @Test
    void textTokensScoreAttentionReceivedFromTextAndPaidToVisual() {
        TokenImportance.Scores s = TokenImportance.compute(CAUSAL, LAYOUT);
        assertEquals((1.0 + 0.1 + 0.1) / 3, s.intra()[0], 1e-7);
        assertEquals(0.0, s.cross()[0], 1e-7); // before the image: pays it nothing
        assertEquals((0.0 + 0.4 + 0.2) / 3, s.intra()[3], 1e-7);
        assertEquals((0.2 + 0.3) / 2, s.cross()[3], 1e-7);
        assertEquals((0.2 / 3 + (0.1 + 0.4) / 2) / 2, s.tis()[4], 1e-7);
    }

    @Test
    void withoutImageTheScoreIsTheIntraModalOne() {
        TokenLayout text = new TokenLayout(new boolean[] {false, false, false});
        float[] a = {1f, 0f, 0f, 0.5f, 0.5f, 0f, 0.2f, 0.3f, 0.5f};
        TokenImportance.Scores s = TokenImportance.compute(a, text);
        assertArrayEquals(s.intra(), s.tis(), 0);
        assertEquals((1 + 0.5 + 0.2) / 3, s.tis()[0], 1e-7);
    }

    @Test
    void attentionOfTheWrongSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TokenImportance.compute(new float[16], LAYOUT));
    }

    @Test
    void keepsTheTopFractionByCountJointlyOrPerModality() {
        double[] tis = TokenImportance.compute(CAUSAL, LAYOUT).tis(); // .2, .275, .3, .225, .158
        assertArrayEquals(new int[] {1, 2}, KeptTokens.top(tis, LAYOUT.all(), 0.4));
        assertArrayEquals(new int[] {2}, KeptTokens.top(tis, LAYOUT.all(), 0.1)); // at least one token
        assertArrayEquals(new int[] {0, 2, 3}, KeptTokens.perModality(tis, LAYOUT, 0.5)); // 1 visual + 2 of 3 text
        assertArrayEquals(new int[] {1, 2}, KeptTokens.select(tis, LAYOUT, new TokenOptions(0.4, false)));
    }

    @Test
    void keptTokenTiesGoToTheEarlierPosition() {
        double[] flat = {0.5, 0.5, 0.5, 0.5};
        assertArrayEquals(new int[] {0, 1}, KeptTokens.top(flat, new int[] {0, 1, 2, 3}, 0.5));
        assertEquals(0, KeptTokens.keepCount(0, 0.1));
        assertEquals(1, KeptTokens.keepCount(3, 0.1));
        assertEquals(58, KeptTokens.keepCount(580, 0.1));
    }

    @Test
    void layoutSplitsVisualAndTextPositions() {
        TokenLayout l = TokenLayout.of(new long[] {1, 63, 63, 5, 6}, 63);
        assertArrayEquals(new int[] {1, 2}, l.visual());
        assertArrayEquals(new int[] {0, 3, 4}, l.text());
        assertArrayEquals(new int[] {3, 4}, l.textAfterImage());
        assertEquals(0, TokenLayout.of(new long[] {1, 2}, 63).textAfterImage().length);
    }
}
