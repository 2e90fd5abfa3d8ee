package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A training-only task, not a benchmark: "Describe the image." answered by listing every object as "cell size
 * colour shape" in cell order (the place first, so the model names where it looks before what it sees there). A benchmark answer is one token; a caption supervises every object's attributes and
 * place at once, which is what lets a vision tower trained from scratch learn quickly.
 */
public final class Captions {
    public static final String PROMPT = "Describe the image.";

    private Captions() {}

    public static String caption(Scene scene) {
        List<String> parts = new ArrayList<>();
        for (SceneObject o : scene.objects()) {
            parts.add(Phrases.cell(o) + " " + o.size().word() + " " + o.colour().word() + " " + o.shape().word());
        }
        return String.join(" , ", parts);
    }
}
