package dev.lvlmserve.eval.ablation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The figures can be drawn again from a committed results.json, without the run. */
class AblationFiguresTest {
    @TempDir
    Path tmp;

    @Test
    void redrawsEveryFigureFromTheCommittedResults() throws Exception {
        Files.copy(Path.of("docs/results/results.json"), tmp.resolve("results.json"));
        AblationFigures.redraw(tmp);
        for (String name : new String[] {"accuracy_vs_ratio", "describe_vs_ratio", "layer_vs_width",
            "similarity_heatmap", "retained_layers"}) {
            BufferedImage image = ImageIO.read(tmp.resolve(name + ".png").toFile());
            assertTrue(image != null && image.getWidth() > 300 && image.getHeight() > 150, name);
        }
    }

    @Test
    void theTitleNamesTheModelTheRunUsed() {
        assertEquals("scenes-llava-16l", AblationFigures.modelOf("java -jar target/lvlm-serve.jar ablate"));
        assertEquals("llava-1.5-7b", AblationFigures.modelOf("ablate --model /models/llava-1.5-7b --test-limit 60"));
        assertEquals("tiny", AblationFigures.modelOf("ablate --model=/tmp/tiny"));
    }
}
