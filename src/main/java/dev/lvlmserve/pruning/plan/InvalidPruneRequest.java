package dev.lvlmserve.pruning.plan;

/**
 * A prune request that cannot be carried out, with the request field to blame ({@code ratio}, {@code options},
 * {@code calibration}) so that a server can point at it (HTTP 422, never a 500).
 */
public final class InvalidPruneRequest extends IllegalArgumentException {
    private final String field;

    public InvalidPruneRequest(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
