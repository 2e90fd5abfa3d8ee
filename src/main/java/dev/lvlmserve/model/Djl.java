package dev.lvlmserve.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * The one entry point to the DJL engine. Forces offline mode before the engine starts: libtorch comes from the
 * native jar on the classpath and nothing may be downloaded at run time.
 */
public final class Djl {
    static {
        System.setProperty("offline", "true");
        System.setProperty("ai.djl.offline", "true");
    }

    private Djl() {}

    /** The PyTorch engine, started on first use. */
    public static Engine engine() {
        return Engine.getEngine("PyTorch");
    }

    /** A new root manager on the engine's default device. The caller owns it and must close it. */
    public static NDManager newManager() {
        return engine().newBaseManager();
    }
}
