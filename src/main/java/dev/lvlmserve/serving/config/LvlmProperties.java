package dev.lvlmserve.serving.config;

import dev.lvlmserve.model.Placement;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.unit.DataSize;

/**
 * Everything the server reads from configuration, under {@code lvlm.*}. Nested groups are records of their own;
 * a group left out of the configuration gets its defaults (compact constructors fill them, so a bare
 * {@code new LvlmProperties(null, ...)} is a valid default configuration for tests too).
 *
 * @param models base models, name → checkpoint directory; empty means the embedded default model
 * @param defaultModel the variant that serves requests with no {@code model} until an operator activates another;
 *     null means the first base (a persisted {@code default.json} overrides it)
 * @param dataDir where variants, {@code default.json} and finished jobs are persisted
 * @param visionCacheSize bytes of projected image features kept per (base model, image hash)
 * @param variantMemoryBudget bytes of pruned variants' own tensors kept loaded; bases do not count
 * @param remoteImageHosts hosts {@code image_url} may fetch from; empty refuses every remote URL
 * @param remoteImageNetworks networks (CIDR) those hosts may resolve into although they are loopback, private,
 *     link-local or otherwise special; empty allows public addresses only
 * @param store the data directory as a store that several replicas share
 * @param device {@code cpu}, {@code gpu} or {@code gpu:N}; unset: gpu:0 when a GPU is visible, else cpu
 * @param dtype {@code float32} or {@code float16}; unset: float16 on a GPU, float32 on the CPU
 */
@ConfigurationProperties(prefix = "lvlm")
public record LvlmProperties(
        Map<String, Path> models,
        String defaultModel,
        Path dataDir,
        EngineProperties engine,
        LimitsProperties limits,
        DataSize visionCacheSize,
        DataSize variantMemoryBudget,
        SecurityProperties security,
        List<String> remoteImageHosts,
        List<String> remoteImageNetworks,
        JobsProperties jobs,
        StoreProperties store,
        String device,
        String dtype) {

    @ConstructorBinding
    public LvlmProperties {
        models = models == null ? Map.of() : new LinkedHashMap<>(models);
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        limits = limits == null ? LimitsProperties.defaults() : limits;
        engine = (engine == null ? EngineProperties.defaults() : engine)
                .withDefaultSlotPositions(limits.maxPromptTokens() + limits.maxMaxTokens());
        visionCacheSize = visionCacheSize == null ? DataSize.ofMegabytes(256) : visionCacheSize;
        variantMemoryBudget = variantMemoryBudget == null ? DataSize.ofGigabytes(8) : variantMemoryBudget;
        security = security == null ? new SecurityProperties(null, null, null) : security;
        remoteImageHosts = remoteImageHosts == null ? List.of() : List.copyOf(remoteImageHosts);
        remoteImageNetworks = remoteImageNetworks == null ? List.of() : List.copyOf(remoteImageNetworks);
        jobs = (jobs == null ? JobsProperties.defaults() : jobs)
                .withDefaultCalibrationDir(dataDir.resolve("calibration"));
        store = store == null ? StoreProperties.defaults() : store;
    }

    /** As the canonical constructor with {@code device} and {@code dtype} unset. */
    public LvlmProperties(Map<String, Path> models, String defaultModel, Path dataDir, EngineProperties engine,
            LimitsProperties limits, DataSize visionCacheSize, DataSize variantMemoryBudget,
            SecurityProperties security, List<String> remoteImageHosts, List<String> remoteImageNetworks,
            JobsProperties jobs, StoreProperties store) {
        this(models, defaultModel, dataDir, engine, limits, visionCacheSize, variantMemoryBudget, security,
                remoteImageHosts, remoteImageNetworks, jobs, store, null, null);
    }

    /** All defaults: the embedded model, {@code ./data}, no keys. */
    public static LvlmProperties defaults() {
        return new LvlmProperties(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Where the models' weights live and their dtype, resolved against the GPUs libtorch sees. */
    public Placement placement() {
        return Placement.resolve(device, dtype);
    }
}
