package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.bench.scene.SceneRenderer;
import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Sample;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.model.generate.GenerationOptions;
import dev.lvlmserve.model.generate.TokenListener;
import dev.lvlmserve.model.llava.Answer;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.llava.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;

/**
 * Retention as agreement: the share of fixed prompts on which the variant's greedy answer equals the base's. The
 * prompts are the built-in benchmark's <em>validation</em> split (never used for calibration, which draws from the
 * training split, nor for the reported test scores), taken round-robin over its suites. Agreement needs no labels,
 * so it works for any base model, and a variant that answers exactly like its base retains 1.0.
 */
@Component
public class AgreementQualityProbe implements QualityProbe {
    private static final int MAX_NEW_TOKENS = 8;
    private static final int BATCH = 8;

    @Override
    public double retention(LlavaPipeline base, LlavaPipeline variant, int samples, BooleanSupplier cancelled,
            ProgressSink progress) {
        List<Query> queries = queries(samples);
        int agree = 0;
        for (int i = 0; i < queries.size(); i += BATCH) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("cancelled during the quality gate");
            }
            List<Query> batch = queries.subList(i, Math.min(queries.size(), i + BATCH));
            List<Answer> expected = base.answer(batch, TokenListener.NONE);
            List<Answer> actual = variant.answer(batch, TokenListener.NONE);
            for (int j = 0; j < batch.size(); j++) {
                if (normalise(expected.get(j).text()).equals(normalise(actual.get(j).text()))) {
                    agree++;
                }
            }
            progress.progress((double) (i + batch.size()) / queries.size());
        }
        return queries.isEmpty() ? 1.0 : (double) agree / queries.size();
    }

    static List<Query> queries(int samples) {
        List<BenchmarkSuite> suites = Suites.all();
        List<Query> out = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            Sample s = suites.get(i % suites.size()).sample(Split.VALIDATION, i / suites.size());
            out.add(new Query(SceneRenderer.render(s.scene()), s.question(), GenerationOptions.greedy(MAX_NEW_TOKENS)));
        }
        return out;
    }

    private static String normalise(String answer) {
        return answer.strip().toLowerCase(Locale.ROOT).replaceAll("[.!?]+$", "");
    }
}
