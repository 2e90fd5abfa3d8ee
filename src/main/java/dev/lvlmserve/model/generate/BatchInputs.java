package dev.lvlmserve.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.llava.LlavaModel;
import java.util.List;

/** What both generators feed the model: image features of a batch, and the logits they read back. */
final class BatchInputs {
    private BatchInputs() {}

    /** (B, N, D) features for the rows that have an image, zeros for rows that don't; null when none has one. */
    static NDArray imageFeatures(LlavaModel model, List<float[]> rows, NDManager m) {
        float[] first = rows.stream().filter(f -> f != null).findFirst().orElse(null);
        if (first == null) {
            return null;
        }
        long d = model.config().textConfig().hiddenSize();
        long n = first.length / d;
        float[] all = new float[(int) (rows.size() * n * d)];
        for (int i = 0; i < rows.size(); i++) {
            float[] f = rows.get(i);
            if (f != null) {
                if (f.length != n * d) {
                    throw new IllegalArgumentException("image features of row " + i + " have " + f.length
                            + " values, expected " + n * d);
                }
                System.arraycopy(f, 0, all, (int) (i * n * d), f.length);
            }
        }
        return m.create(all, new Shape(rows.size(), n, d)).toType(model.dtype(), false)
                .toDevice(model.manager().getDevice(), false);
    }

    /** Vocabulary logits of the last position of every row: (B, T, D) → B·V floats. */
    static float[] lastLogits(LlavaModel model, NDArray hidden) {
        NDArray last = hidden.get(new NDIndex(":, -1, :")); // (B, D)
        return model.logits(last).toType(DataType.FLOAT32, false).toFloatArray();
    }

    /** Logits at position {@code at[b]} of each row b: (B, T, D) → B·V floats. */
    static float[] logitsAt(LlavaModel model, NDArray hidden, long[] at) {
        NDManager m = hidden.getManager();
        long[] rows = new long[at.length];
        for (int b = 0; b < rows.length; b++) {
            rows[b] = b;
        }
        NDArray picked = hidden.get(new NDIndex("{}, {}", m.create(rows), m.create(at))); // (B, D)
        return model.logits(picked).toType(DataType.FLOAT32, false).toFloatArray();
    }
}
