package dev.lvlmserve.model.io;

/**
 * Every failure to read, validate or load a checkpoint. Unchecked, because a broken checkpoint is not something a
 * caller can retry around; the message always names the file(s) and key(s) involved so an operator can act on it.
 */
public class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
