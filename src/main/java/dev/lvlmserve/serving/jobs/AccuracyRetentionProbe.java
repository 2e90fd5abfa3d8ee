package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.bench.scene.SceneRenderer;
import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Sample;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.eval.AnswerCheck;
import dev.lvlmserve.model.generate.GenerationOptions;
import dev.lvlmserve.model.generate.TokenListener;
import dev.lvlmserve.model.llava.Answer;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.llava.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The quality gate as the issue defines it: accuracy retention, variant accuracy ÷ base accuracy on a labelled
 * held-out slice (the built-in benchmark's VALIDATION split, round-robin over its suites; calibration draws from
 * TRAIN, reported scores from TEST). Capped at 1. When the base gets nothing right the ratio is undefined and the
 * label-free {@link AgreementQualityProbe} decides instead.
 */
@Primary
@Component
public class AccuracyRetentionProbe implements QualityProbe {
    private static final int BATCH = 8;
    private final AgreementQualityProbe fallback;

    public AccuracyRetentionProbe(AgreementQualityProbe fallback) {
        this.fallback = fallback;
    }

    @Override
    public double retention(LlavaPipeline base, LlavaPipeline variant, int samples, BooleanSupplier cancelled,
            ProgressSink progress) {
        List<BenchmarkSuite> suites = Suites.all();
        List<Sample> slice = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            slice.add(suites.get(i % suites.size()).sample(Split.VALIDATION, i / suites.size()));
        }
        int baseRight = 0;
        int variantRight = 0;
        for (int i = 0; i < slice.size(); i += BATCH) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("cancelled during the quality gate");
            }
            List<Sample> chunk = slice.subList(i, Math.min(slice.size(), i + BATCH));
            List<Query> queries = chunk.stream().map(s -> new Query(SceneRenderer.render(s.scene()), s.question(),
                    GenerationOptions.greedy(8))).toList();
            List<Answer> b = base.answer(queries, TokenListener.NONE);
            List<Answer> v = variant.answer(queries, TokenListener.NONE);
            for (int j = 0; j < chunk.size(); j++) {
                Sample s = chunk.get(j);
                baseRight += AnswerCheck.isCorrect(s.options(), s.answer(), b.get(j).text()) ? 1 : 0;
                variantRight += AnswerCheck.isCorrect(s.options(), s.answer(), v.get(j).text()) ? 1 : 0;
            }
            progress.progress((double) (i + chunk.size()) / slice.size());
        }
        if (baseRight == 0) {
            return fallback.retention(base, variant, samples, cancelled, ProgressSink.NONE);
        }
        return Math.min(1.0, (double) variantRight / baseRight);
    }
}
