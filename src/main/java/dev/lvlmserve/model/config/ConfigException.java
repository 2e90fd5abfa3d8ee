package dev.lvlmserve.model.config;

/** A config.json that is unreadable, inconsistent, or asks for something this runtime does not implement. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
