package dev.lvlmserve.model.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.lvlmserve.model.Djl;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Long-lived 0-d constants. DJL turns {@code x.mul(0.5f)} into a temporary tensor that it frees right after the op,
 * and autograd's backward later reads freed memory (NaN gradients). Every scalar the model multiplies or adds comes
 * from here instead, so the same forward code serves inference and training.
 */
public final class Scalars {
    private record Key(float value, Device device, DataType dtype) {}

    private static final NDManager OWNER = Djl.newManager(); // lives as long as the JVM, by design
    private static final Map<Key, NDArray> CACHE = new ConcurrentHashMap<>();

    private Scalars() {}

    /** The constant {@code value} on {@code like}'s device and in its dtype. */
    public static NDArray of(float value, NDArray like) {
        Key key = new Key(value, like.getDevice(), like.getDataType());
        return CACHE.computeIfAbsent(key, k -> {
            NDArray raw = OWNER.create(k.value());
            NDArray c = raw.toDevice(k.device(), false).toType(k.dtype(), false);
            // Created lazily, possibly inside a caller's NDScope: keep it out of that scope's reach.
            NDScope.unregister(raw, c);
            if (c != raw) {
                c.attach(OWNER);
            }
            return c;
        });
    }
}
