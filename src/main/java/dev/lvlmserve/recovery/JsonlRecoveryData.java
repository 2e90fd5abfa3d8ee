package dev.lvlmserve.recovery;

import dev.lvlmserve.bench.export.DatasetReader;
import dev.lvlmserve.bench.export.ExternalSample;
import dev.lvlmserve.bench.suite.Prompts;
import dev.lvlmserve.model.image.ImageDecoder;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.train.TrainingExample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A fraction of a user's LLaVA-style JSONL (see {@link DatasetReader}): its lines in a seeded shuffle, the first
 * round(fraction · lines) trained on and the lines after them held out for the validation loss. Images are decoded
 * with the same caps as served requests, when an example is used. The caller confines the file and its images (the
 * service: to the calibration directory).
 */
public final class JsonlRecoveryData implements RecoveryData {
    private final LlavaPipeline pipeline;
    private final Path jsonl;
    private final List<ExternalSample> samples;
    private final List<Integer> order;
    private final Description description;

    public JsonlRecoveryData(LlavaPipeline pipeline, Path jsonl, double fraction, long seed) {
        this.pipeline = pipeline;
        this.jsonl = jsonl;
        this.samples = DatasetReader.read(jsonl);
        int n = RecoveryData.count(fraction, samples.size(), "lines");
        List<Integer> shuffled = new ArrayList<>(IntStream.range(0, samples.size()).boxed().toList());
        Collections.shuffle(shuffled, new Random(seed));
        this.order = List.copyOf(shuffled);
        this.description = new Description("jsonl", fraction, samples.size(), "lines of the file", n, seed);
    }

    @Override
    public int size() {
        return description.examples();
    }

    @Override
    public TrainingExample example(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("example " + i + " of " + size());
        }
        return convert(samples.get(order.get(i)));
    }

    /** The file's line index (0-based, blank lines not counted) of example {@code i}. */
    public int line(int i) {
        return order.get(i);
    }

    @Override
    public List<TrainingExample> heldOut(int n) {
        return order.subList(size(), Math.min(order.size(), size() + n)).stream()
                .map(i -> convert(samples.get(i))).toList();
    }

    @Override
    public boolean scoresBuiltinSuites() {
        return false;
    }

    @Override
    public Description describe() {
        return description;
    }

    private TrainingExample convert(ExternalSample s) {
        String q = s.options().isEmpty() ? s.question() : Prompts.multipleChoice(s.question(), s.options());
        try {
            float[] pixels = pipeline.pixelValues(new ImageDecoder().decode(s.image()).image());
            return new TrainingExample(pipeline.promptIds(q, true), pipeline.targetIds(s.answer()), pixels);
        } catch (IOException e) {
            throw new UncheckedIOException("training image " + s.image() + " of " + jsonl, e);
        }
    }
}
