package dev.lvlmserve.serving.config;

import java.util.List;

/**
 * API keys, from the environment only ({@code LVLM_ADMIN_KEY}, {@code LVLM_INFERENCE_KEY}; see application.yaml):
 * never committed. Blank means unset.
 *
 * @param adminKey required in {@code X-Admin-Key} by variant and job mutations and by job listings; unset disables
 *     them
 * @param inferenceKey when set, required as {@code Authorization: Bearer} on inference endpoints
 * @param corsAllowedOrigins origins browsers may call {@code /v1/**} from; empty (the default) disables CORS
 */
public record SecurityProperties(String adminKey, String inferenceKey, List<String> corsAllowedOrigins) {
    public SecurityProperties {
        adminKey = adminKey == null || adminKey.isBlank() ? null : adminKey;
        inferenceKey = inferenceKey == null || inferenceKey.isBlank() ? null : inferenceKey;
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : List.copyOf(corsAllowedOrigins);
    }
}
