package dev.lvlmserve.pruning.width;

/**
 * The importance of each unit of one decoder layer; higher is more important.
 *
 * @param heads per query head
 * @param kvHeads per key/value head (its own weights only: in {@code groups} mode a group scores this plus its
 *     query heads)
 * @param neurons per MLP neuron
 */
public record UnitScores(double[] heads, double[] kvHeads, double[] neurons) {
    /** A group's score: its key/value head and all its query heads. */
    public double group(int g, int groupSize) {
        double s = kvHeads[g];
        for (int h = g * groupSize; h < (g + 1) * groupSize; h++) {
            s += heads[h];
        }
        return s;
    }
}
