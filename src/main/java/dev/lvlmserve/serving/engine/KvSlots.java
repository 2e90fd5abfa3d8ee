package dev.lvlmserve.serving.engine;

import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.generate.SlotKvCache;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.serving.config.EngineProperties;

/**
 * How the KV-cache memory of a variant is cut into slots: each slot holds {@code positions} (the configured
 * {@code slot-positions}, never more than the model's {@code max_position_embeddings}); there are as many slots
 * as {@code kv-cache-memory} holds, at most {@code max-running}, at least one (whose positions then shrink to fit
 * the memory).
 */
record KvSlots(int slots, int positions, long bytes) {

    static KvSlots plan(EngineProperties engine, LlavaModel model) {
        TextConfig text = model.config().textConfig();
        long perPosition = SlotKvCache.bytesPerPosition(SlotKvCache.kvHeads(model), text.headDim(), model.dtype());
        int wanted = engine.slotPositions() == null ? text.maxPositionEmbeddings() : engine.slotPositions();
        int positions = Math.max(2, Math.min(wanted, text.maxPositionEmbeddings()));
        long memory = engine.kvCacheMemory().toBytes();
        long fit = memory / ((long) positions * perPosition);
        if (fit < 1) {
            positions = (int) Math.max(2, Math.min(positions, memory / perPosition));
            fit = 1;
        }
        int slots = (int) Math.min(engine.maxRunning(), fit);
        return new KvSlots(slots, positions, (long) slots * positions * perPosition);
    }
}
