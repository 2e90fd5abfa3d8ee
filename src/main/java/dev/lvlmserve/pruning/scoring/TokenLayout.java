package dev.lvlmserve.pruning.scoring;

import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Which positions of one prompt are visual tokens (V, s of them) and which are text tokens (Q, c of them), and which
 * text positions come after the last image position — only those can attend to the image under the causal mask.
 */
public final class TokenLayout {
    private final boolean[] isImage;
    private final int[] visual;
    private final int[] text;
    private final int[] textAfterImage;

    public TokenLayout(boolean[] isImage) {
        this.isImage = isImage.clone();
        int t = isImage.length;
        int last = -1;
        for (int i = 0; i < t; i++) {
            if (isImage[i]) {
                last = i;
            }
        }
        int lastImage = last;
        visual = positions(i -> isImage[i]);
        text = positions(i -> !isImage[i]);
        textAfterImage = lastImage < 0 ? new int[0] : positions(i -> !isImage[i] && i > lastImage);
    }

    /** The layout of a prompt whose image positions carry {@code imageToken}. */
    public static TokenLayout of(long[] ids, long imageToken) {
        boolean[] image = new boolean[ids.length];
        for (int i = 0; i < ids.length; i++) {
            image[i] = ids[i] == imageToken;
        }
        return new TokenLayout(image);
    }

    private int[] positions(IntPredicate keep) {
        return IntStream.range(0, isImage.length).filter(keep).toArray();
    }

    public int length() {
        return isImage.length;
    }

    public boolean isImage(int position) {
        return isImage[position];
    }

    public int[] visual() {
        return visual.clone();
    }

    public int[] text() {
        return text.clone();
    }

    /** Text positions after the last image position; empty when the prompt has no image. */
    public int[] textAfterImage() {
        return textAfterImage.clone();
    }

    public int[] all() {
        return IntStream.range(0, isImage.length).toArray();
    }

    @Override
    public String toString() {
        return "TokenLayout[T=" + isImage.length + ", visual=" + visual.length + ", text=" + text.length
                + ", textAfterImage=" + textAfterImage.length + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenLayout other && Arrays.equals(isImage, other.isImage);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(isImage);
    }
}
