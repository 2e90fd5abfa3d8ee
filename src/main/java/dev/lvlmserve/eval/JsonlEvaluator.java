package dev.lvlmserve.eval;

import dev.lvlmserve.bench.export.DatasetReader;
import dev.lvlmserve.bench.export.ExternalSample;
import dev.lvlmserve.bench.suite.Prompts;
import dev.lvlmserve.bench.suite.SuiteScore;
import dev.lvlmserve.model.generate.GenerationOptions;
import dev.lvlmserve.model.generate.TokenListener;
import dev.lvlmserve.model.image.ImageDecoder;
import dev.lvlmserve.model.llava.Answer;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.llava.Query;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a user's JSONL (image path, question, optional options, answer) — how real benchmarks are run against
 * real checkpoints. Multiple choice is scored by option letter, yes/no by polarity, the rest by VQA-normalised exact
 * match; the headline is accuracy.
 */
public final class JsonlEvaluator {
    private final int batchSize;

    public JsonlEvaluator(int batchSize) {
        this.batchSize = batchSize;
    }

    public SuiteResult evaluate(LlavaPipeline pipeline, Path jsonl, int limit) throws IOException {
        List<ExternalSample> all = DatasetReader.read(jsonl);
        List<ExternalSample> samples = all.subList(0, Math.min(limit, all.size()));
        ImageDecoder decoder = new ImageDecoder();
        int correct = 0;
        long start = System.nanoTime();
        for (int i = 0; i < samples.size(); i += batchSize) {
            List<ExternalSample> chunk = samples.subList(i, Math.min(samples.size(), i + batchSize));
            List<Query> batch = new ArrayList<>();
            for (ExternalSample s : chunk) {
                String q = s.options().isEmpty() ? s.question() : Prompts.multipleChoice(s.question(), s.options());
                batch.add(new Query(decoder.decode(s.image()).image(), q, GenerationOptions.greedy(
                        SuiteEvaluator.MAX_NEW_TOKENS)));
            }
            List<Answer> answers = pipeline.answer(batch, TokenListener.NONE);
            for (int j = 0; j < chunk.size(); j++) {
                correct += isCorrect(chunk.get(j), answers.get(j).text()) ? 1 : 0;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double acc = samples.isEmpty() ? 0 : 100.0 * correct / samples.size();
        SuiteScore score = new SuiteScore(jsonl.getFileName().toString(), "accuracy", acc, Map.of("accuracy", acc),
                samples.size());
        return new SuiteResult(score, samples.size() / seconds, batchSize);
    }

    static boolean isCorrect(ExternalSample s, String prediction) {
        return AnswerCheck.isCorrect(s.options(), s.answer(), prediction);
    }
}
