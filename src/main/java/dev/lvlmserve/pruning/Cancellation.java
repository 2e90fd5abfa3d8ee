package dev.lvlmserve.pruning;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Cooperative cancellation: long loops (each calibration forward, each decoder layer inside it, each SVD, each
 * enumerated combination) ask here and stop by throwing {@link CancellationException}. A {@link BooleanSupplier}
 * keeps the pruning package free of any job framework.
 */
public final class Cancellation {
    public static final BooleanSupplier NEVER = () -> false;

    private Cancellation() {}

    /** Throws {@link CancellationException} naming {@code stage} when {@code cancelled} says so. */
    public static void check(BooleanSupplier cancelled, String stage) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("pruning cancelled during " + stage);
        }
    }
}
