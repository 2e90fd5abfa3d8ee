package dev.lvlmserve.serving.store;

/** A holder found that its claim is no longer its own (expired and taken, or ended by another holder). */
public final class ClaimLostException extends IllegalStateException {
    public ClaimLostException(String message) {
        super(message);
    }
}
