package dev.lvlmserve.recovery;

/** A recovery request that cannot be honoured, naming the field at fault (the service answers 422 with it). */
public final class InvalidRecoveryRequest extends IllegalArgumentException {
    private final String field;

    public InvalidRecoveryRequest(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field, as the API names it (e.g. {@code data_fraction}). */
    public String field() {
        return field;
    }
}
