package dev.lvlmserve.serving.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.serving.config.EngineProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The KV-cache memory bounds the running sequences: slots fit the memory, positions fit the model. */
class KvSlotsTest {
    static LlavaModel model; // 4 layers, 2 kv heads of 8, fp32: 2·4·2·8·4 = 512 bytes a position
    static final long PER_POSITION = 512;

    @BeforeAll
    static void load() {
        model = TinyModels.model(TinyModels.config("llama", false), 1);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static EngineProperties engine(int maxRunning, long memory, Integer positions) {
        return new EngineProperties(null, null, null, null, null, null, null, null, maxRunning,
                DataSize.ofBytes(memory), positions, null);
    }

    @Test
    void asManySlotsAsTheMemoryHoldsUpToMaxRunning() {
        assertThat(KvSlots.plan(engine(16, 100 * PER_POSITION * 3, 100), model)).isEqualTo(
                new KvSlots(3, 100, 3 * 100 * PER_POSITION));
        assertThat(KvSlots.plan(engine(2, 1 << 30, 100), model).slots()).isEqualTo(2);
    }

    @Test
    void positionsNeverExceedTheModelsAndShrinkToFitTheMemory() {
        assertThat(KvSlots.plan(engine(4, 1 << 30, 10_000), model).positions()).isEqualTo(256); // max_position
        assertThat(KvSlots.plan(engine(4, 1 << 30, null), model).positions()).isEqualTo(256);
        KvSlots tight = KvSlots.plan(engine(4, 50 * PER_POSITION, 100), model);
        assertThat(tight).isEqualTo(new KvSlots(1, 50, 50 * PER_POSITION));
    }
}
