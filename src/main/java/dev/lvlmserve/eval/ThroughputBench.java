package dev.lvlmserve.eval;

import dev.lvlmserve.model.generate.GenerationOptions;
import dev.lvlmserve.model.generate.Generator;
import dev.lvlmserve.model.generate.SequenceRequest;
import dev.lvlmserve.model.generate.SequenceResult;
import dev.lvlmserve.model.generate.TokenListener;
import dev.lvlmserve.model.llava.LlavaModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Prefill and decode throughput of a model at a given batch size: random text prompts around one image's positions,
 * a fixed number of new tokens (no end-of-sequence), timings from the generator itself.
 */
public final class ThroughputBench {
    public record Result(int batch, int promptTokens, int newTokens, double prefillTokensPerSecond,
            double decodeTokensPerSecond) {}

    private ThroughputBench() {}

    public static Result run(LlavaModel model, int batch, int textTokens, int newTokens, int reps) {
        Generator g = new Generator(model, Set.of(), 0);
        List<SequenceRequest> reqs = requests(model, batch, textTokens, newTokens);
        g.generate(reqs, TokenListener.NONE); // warm-up
        double prefill = Double.MAX_VALUE;
        double decode = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            SequenceResult res = g.generate(reqs, TokenListener.NONE).getFirst();
            prefill = Math.min(prefill, res.prefillNanos() / 1e9);
            decode = Math.min(decode, res.decodeNanos() / 1e9);
        }
        int prompt = reqs.getFirst().promptIds().length;
        // decode time covers newTokens − 1 steps: the first token comes out of the prefill
        return new Result(batch, prompt, newTokens, batch * prompt / prefill, batch * (newTokens - 1) / decode);
    }

    /** One generation of the benchmark's batch, untimed (for the profiler). */
    public static void once(LlavaModel model, int batch, int textTokens, int newTokens) {
        new Generator(model, Set.of(), 0).generate(requests(model, batch, textTokens, newTokens), TokenListener.NONE);
    }

    private static List<SequenceRequest> requests(LlavaModel model, int batch, int textTokens, int newTokens) {
        int n = model.config().imageSeqLength();
        int d = model.config().textConfig().hiddenSize();
        SplittableRandom r = new SplittableRandom(batch);
        List<SequenceRequest> reqs = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            long[] ids = new long[1 + n + textTokens];
            ids[0] = model.config().textConfig().bosTokenId();
            for (int k = 1; k < ids.length; k++) {
                ids[k] = k <= n ? model.config().imageTokenIndex() : 5 + r.nextInt(100);
            }
            float[] feats = new float[n * d];
            for (int k = 0; k < feats.length; k++) {
                feats[k] = (float) r.nextGaussian() * 0.1f;
            }
            reqs.add(new SequenceRequest(ids, feats, GenerationOptions.greedy(newTokens)));
        }
        return reqs;
    }
}
