package dev.lvlmserve.model.config;

final class ConfigChecks {
    private ConfigChecks() {}

    static void positive(String key, int value) {
        if (value <= 0) {
            throw new ConfigException(key + " must be positive, was " + value);
        }
    }
}
