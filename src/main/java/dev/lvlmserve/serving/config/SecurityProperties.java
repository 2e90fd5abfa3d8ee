package dev.lvlmserve.serving.config;

/**
 * API keys, from the environment only ({@code LVLM_ADMIN_KEY}, {@code LVLM_INFERENCE_KEY}; see application.yaml):
 * never committed. Blank means unset.
 *
 * @param adminKey required in {@code X-Admin-Key} by variant and job mutations; unset disables those mutations
 * @param inferenceKey when set, required as {@code Authorization: Bearer} on inference endpoints
 */
public record SecurityProperties(String adminKey, String inferenceKey) {
    public SecurityProperties {
        adminKey = adminKey == null || adminKey.isBlank() ? null : adminKey;
        inferenceKey = inferenceKey == null || inferenceKey.isBlank() ? null : inferenceKey;
    }
}
