package dev.lvlmserve.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line tool end to end on a fixture checkpoint it writes itself. */
class CliTest {
    @TempDir
    Path tmp;

    private String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            assertEquals(0, Cli.run(args), String.join(" ", args));
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }

    @Test
    void fixtureThenAnswer() throws Exception {
        Path model = tmp.resolve("fixture");
        String wrote = run("fixture", "--out", model.toString(), "--seed", "3", "--dtype", "bf16");
        assertTrue(wrote.contains("4 decoder layers"), wrote);
        assertTrue(Files.exists(model.resolve("config.json")));
        Path image = tmp.resolve("img.png");
        ImageIO.write(new java.awt.image.BufferedImage(20, 20, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
                image.toFile());
        String answer = run("answer", "--model", model.toString(), "--image", image.toString(), "--question",
                "How many objects are there?", "--max-new-tokens", "3");
        assertTrue(answer.lines().count() >= 1);
    }

    @Test
    void badArgumentsGiveAUsageErrorNotAStackTrace() {
        assertEquals(2, Cli.run("answer", "--image"));
        assertEquals(2, Cli.run("no-such-command"));
        assertEquals(2, Cli.run("prune", "--ratio", "1.2", "--method", "width-taylor", "--out", "x"));
        assertEquals(2, Cli.run("prune", "--ratio", "0.2", "--method", "width-taylor", "--layers", "9-3", "--out",
                "x"));
        assertEquals(2, Cli.run("prune", "--ratio", "0.2", "--method", "nope", "--out", "x"));
        assertEquals(2, Cli.run("recover", "--method", "short-lvlm", "--ratio", "0.3", "--regime", "nope",
                "--out", "x"));
        assertEquals(2, Cli.run("recover", "--method", "short-lvlm", "--ratio", "0.3", "--loss", "ce+kd",
                "--out", "x"));
        assertEquals(2, Cli.run("recover", "--out", "x")); // neither --variant nor --method/--ratio
    }

    /**
     * Prune then recover in one command, and recover an exported width variant: both exports answer and carry the
     * recovery's record in their recipe.
     */
    @Test
    void recoverPrunesFirstOrTakesAnExportAndExportsTheResult() throws Exception {
        Path model = dev.lvlmserve.serving.ServingFixtures.tinyModel();
        Path recovered = tmp.resolve("recovered");
        String printed = run("recover", "--model", model.toString(), "--method", "short-lvlm", "--ratio", "0.25",
                "--calibration-size", "8", "--regime", "lora", "--loss", "ce+hidden", "--lora-rank", "2", "--steps", "3", "--batch-size", "2",
                "--validation-samples", "0", "--fraction", "0.001", "--out", recovered.toString());
        assertTrue(printed.contains("recovery: lora, loss ce+hidden, 3 of 3 steps"), printed);
        String recipe = Files.readString(recovered.resolve("variant_recipe.json"));
        assertTrue(recipe.contains("\"recovery\"") && recipe.contains("\"lora\""), recipe);

        Path narrow = tmp.resolve("narrow");
        run("prune", "--model", model.toString(), "--method", "width-random", "--ratio", "0.2", "--layers", "1-2",
                "--gqa", "heads", "--out", narrow.toString());
        Path narrowRecovered = tmp.resolve("narrow-recovered");
        printed = run("recover", "--model", model.toString(), "--variant", narrow.toString(), "--regime",
                "projector", "--loss", "ce", "--steps", "2", "--batch-size", "2", "--validation-samples", "0",
                "--fraction", "0.001", "--out", narrowRecovered.toString());
        assertTrue(printed.contains("recovery: projector, loss ce, 2 of 2 steps"), printed);
        assertTrue(Files.readString(narrowRecovered.resolve("config.json")).contains("per_layer_intermediate_size"));
        assertTrue(Files.readString(narrowRecovered.resolve("variant_recipe.json")).contains("\"recovery\""));
        Path image = tmp.resolve("img.png");
        ImageIO.write(new java.awt.image.BufferedImage(20, 20, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
                image.toFile());
        for (Path p : java.util.List.of(recovered, narrowRecovered)) {
            run("answer", "--model", p.toString(), "--image", image.toString(), "--question", "What is this?",
                    "--max-new-tokens", "2");
        }
    }

    @Test
    void aFailingCommandPrintsOneLineAndExitsNonZero() {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        int code;
        try {
            code = Cli.run("answer", "--image", tmp.resolve("missing.png").toString(), "--question", "What?");
        } finally {
            System.setErr(old);
        }
        String printed = buf.toString();
        assertEquals(2, code, printed);
        List<String> lines = printed.lines().toList();
        assertEquals(2, lines.size(), printed);
        assertEquals("lvlm-serve answer: no such file: " + tmp.resolve("missing.png"), lines.get(0));
        assertTrue(lines.get(1).contains(CliErrors.TRACE_VARIABLE), printed);
        assertTrue(!printed.contains("\tat "), "no stack trace: " + printed);
    }

    @Test
    void unexpectedFailuresExitWithOneAndKeepTheirMessage() {
        var failure = new RuntimeException(new IllegalStateException("weights missing: lm_head.weight\nmore"));
        assertEquals("weights missing: lm_head.weight", CliErrors.describe(CliErrors.rootOf(failure)));
        assertEquals("null pointer exception", CliErrors.describe(new NullPointerException()));
    }

    @Test
    void widthPruneExportsACheckpointThatAnswers() throws Exception {
        Path model = tmp.resolve("fixture");
        run("fixture", "--out", model.toString(), "--seed", "4");
        Path out = tmp.resolve("narrow");
        String printed = run("prune", "--model", model.toString(), "--method", "width-activation", "--ratio", "0.2",
                "--layers", "1-2", "--gqa", "heads", "--calibration-size", "4", "--out", out.toString());
        assertTrue(printed.contains("layer widths") && printed.contains("decoder parameters -20."), printed);
        assertTrue(Files.readString(out.resolve("config.json")).contains("per_layer_intermediate_size"));
        assertTrue(Files.exists(out.resolve("variant_recipe.json")));
        Path image = tmp.resolve("img.png");
        ImageIO.write(new java.awt.image.BufferedImage(20, 20, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
                image.toFile());
        run("answer", "--model", out.toString(), "--image", image.toString(), "--question", "What is this?",
                "--max-new-tokens", "2");
    }

    @Test
    void benchReportsMemoryAndRatiosInTheChosenDtypeAndAGpuThatIsNotThereIsAUsageError() throws Exception {
        Path model = tmp.resolve("fixture");
        run("fixture", "--out", model.toString(), "--dtype", "bf16");
        String out = run("bench", "--model", model.toString(), "--dtype", "float16", "--batches", "1,2",
                "--text-tokens", "2", "--new-tokens", "3", "--reps", "1", "--no-sweep");
        assertTrue(out.contains("on cpu float16") && out.contains("× the weights"), out);
        assertTrue(out.contains("% of the GEMM bound") && out.contains("% of the read-bandwidth bound"), out);
        assertTrue(out.contains("× batch 1") && out.contains("where the time goes") && out.contains("linear layers"),
                out);
        Path image = tmp.resolve("img.png");
        ImageIO.write(new java.awt.image.BufferedImage(20, 20, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
                image.toFile());
        assertEquals(2, Cli.run("answer", "--model", model.toString(), "--image", image.toString(), "--question",
                "Is there a red circle?", "--device", "gpu"), "no GPU here: a usage error naming --device");
    }
}
