package dev.lvlmserve.eval.calibration;

import dev.lvlmserve.bench.export.DatasetReader;
import dev.lvlmserve.bench.export.ExternalSample;
import dev.lvlmserve.bench.suite.Prompts;
import dev.lvlmserve.model.image.ImageDecoder;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.pruning.calibration.CalibrationSample;
import dev.lvlmserve.pruning.calibration.CalibrationSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Calibration samples from a user's LLaVA-665k-style JSONL + image folder (the paper's source): a seeded shuffle,
 * then the first N. Images are decoded with the same caps as served requests.
 */
public final class JsonlCalibrationSource implements CalibrationSource {
    private final LlavaPipeline pipeline;
    private final Path jsonl;
    private final List<ExternalSample> samples;

    public JsonlCalibrationSource(LlavaPipeline pipeline, Path jsonl) {
        this.pipeline = pipeline;
        this.jsonl = jsonl;
        this.samples = DatasetReader.read(jsonl);
    }

    @Override
    public List<CalibrationSample> draw(int n, long seed) {
        List<ExternalSample> order = new ArrayList<>(samples);
        Collections.shuffle(order, new Random(seed));
        ImageDecoder decoder = new ImageDecoder();
        List<CalibrationSample> out = new ArrayList<>();
        for (ExternalSample s : order.subList(0, Math.min(n, order.size()))) {
            String q = s.options().isEmpty() ? s.question() : Prompts.multipleChoice(s.question(), s.options());
            try {
                out.add(Conversations.sample(pipeline, q, s.answer(),
                        pipeline.pixelValues(decoder.decode(s.image()).image()), s.id()));
            } catch (IOException e) {
                throw new UncheckedIOException("calibration image " + s.image() + " of " + jsonl, e);
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return jsonl.toString() + " (" + samples.size() + " samples)";
    }
}
