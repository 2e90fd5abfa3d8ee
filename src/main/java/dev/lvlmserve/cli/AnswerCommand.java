package dev.lvlmserve.cli;

import dev.lvlmserve.model.generate.GenerationOptions;
import dev.lvlmserve.model.generate.TokenListener;
import dev.lvlmserve.model.image.DecodedImage;
import dev.lvlmserve.model.image.ImageDecoder;
import dev.lvlmserve.model.llava.Answer;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.llava.Query;
import dev.lvlmserve.model.llava.Timings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "answer", mixinStandardHelpOptions = true,
        footer = {"", "Example: ./lvlm-serve answer --image helm/lvlm-serve/files/test-scene.png"
                + " --question \"Describe the image.\""},
        description = "Answer a question about an image and print the timings.")
final class AnswerCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "PNG, JPEG or WebP image")
    Path image;

    @Option(names = "--question", required = true, paramLabel = "TEXT")
    String question;

    @Option(names = "--max-new-tokens", defaultValue = "32")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy")
    double temperature;

    @Option(names = "--top-p", defaultValue = "1.0")
    double topP;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Override
    public Integer call() throws Exception {
        DecodedImage img = new ImageDecoder().decode(image); // a bad image fails before a model is loaded
        long t0 = System.nanoTime();
        try (LlavaPipeline pipeline = LlavaPipeline.load(model.resolve(), model.placement())) {
            long loaded = System.nanoTime() - t0;
            GenerationOptions options = new GenerationOptions(maxNewTokens, temperature, topP, seed);
            Answer a = pipeline.answer(List.of(new Query(img.image(), question, options)), TokenListener.NONE)
                    .getFirst();
            Timings t = a.timings();
            System.out.println(a.text());
            System.err.printf("load %.0f ms | preprocess %.1f ms | vision %.1f ms | prefill %.1f ms (%d tokens) | "
                    + "decode %.1f ms (%d tokens, %s)%n", loaded / 1e6, t.millis(t.preprocessNanos()),
                    t.millis(t.visionNanos()), t.millis(t.prefillNanos()), a.promptTokens(),
                    t.millis(t.decodeNanos()), a.completionTokens(), a.finishReason());
            return 0;
        }
    }
}
