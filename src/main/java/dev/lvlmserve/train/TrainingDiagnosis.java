package dev.lvlmserve.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What a training config's auxiliary losses see in a model, on a fresh batch of the config's own TRAIN-split mix —
 * a research tool for choosing heads and reading a stalled run, not a benchmark:
 *
 * <ul>
 *   <li>for every {@link AttentionSupervision.Task}, the heads (any layer) whose attention is already closest to the
 *       task's targets, and the loss of the head the config supervises;
 *   <li>for each source (choice drills, locate queries, each suite), how often the answer's first token is the
 *       model's top prediction, split by the number of options (0 for open questions).
 * </ul>
 *
 * Found with it: a head picked for a new task can sit at ~1e-12 mass on its targets (hence
 * {@code attentionFloor}), and after stage 6 the lettered yes/no drills were all right while the four-way position
 * drills stayed at chance.
 */
public final class TrainingDiagnosis {
    private static final int BEST = 5;

    private TrainingDiagnosis() {}

    /** One head's loss on one task. */
    public record HeadLoss(int layer, int head, double loss) {}

    /** A task's closest heads (lowest loss first) and the loss of the configured heads for it. */
    public record TaskFit(AttentionSupervision.Task task, List<HeadLoss> best, List<HeadLoss> configured) {}

    /** Share of right first answer tokens per number of options. */
    public record SourceAccuracy(String source, Map<Integer, int[]> rightAndTotalByOptions) {}

    public record Report(List<TaskFit> heads, List<SourceAccuracy> sources) {
        public void print(PrintStream out) {
            out.println("heads closest to each task (loss = -log attention mass on the targets; lower is closer):");
            for (TaskFit f : heads) {
                var line = new StringBuilder(String.format(Locale.ROOT, "  %-26s", f.task().name().toLowerCase(
                        Locale.ROOT)));
                f.best().forEach(h -> line.append(String.format(Locale.ROOT, " L%dh%d=%.2f", h.layer(), h.head(),
                        h.loss())));
                f.configured().forEach(h -> line.append(String.format(Locale.ROOT, "  | configured L%dh%d=%.3f",
                        h.layer(), h.head(), h.loss())));
                out.println(line);
            }
            out.println("first answer token right (TRAIN-split mix), by number of options:");
            for (SourceAccuracy s : sources) {
                var line = new StringBuilder(String.format(Locale.ROOT, "  %-10s", s.source()));
                s.rightAndTotalByOptions().forEach((k, v) -> line.append(String.format(Locale.ROOT,
                        "  %d options: %d/%d (%.1f %%)", k, v[0], v[1], 100.0 * v[0] / v[1])));
                out.println(line);
            }
        }
    }

    public static Report run(LlavaPipeline pipeline, TrainConfig config, int samples) {
        List<BenchmarkSuite> suites = config.suites().stream().map(Suites::byName).toList();
        long seed = config.seed() + 1; // a batch the run itself did not draw at step 0
        List<TrainingExample> mix = new SuiteTrainingData(suites, pipeline, seed, config.captionFraction(),
                config.locateFraction(), config.choiceDrillFraction(), config.subjects())
                .batch(0, samples);
        List<TaskFit> heads = headFits(pipeline.model(), pipeline.tokenizer().padId(), mix, config);
        List<SourceAccuracy> sources = new ArrayList<>();
        sources.add(accuracy("drill", pipeline, only(suites, 0, 1, pipeline, seed, config).batch(0, samples)));
        sources.add(accuracy("locate", pipeline, only(suites, 1, 0, pipeline, seed, config).batch(0, samples)));
        for (BenchmarkSuite s : suites) {
            sources.add(accuracy(s.name(), pipeline, only(List.of(s), 0, 0, pipeline, seed, config)
                    .batch(0, samples)));
        }
        return new Report(heads, sources);
    }

    /** One source of the mix alone: locate queries (1, 0), choice drills (0, 1) or the suites' samples (0, 0). */
    private static SuiteTrainingData only(List<BenchmarkSuite> suites, double locate, double drill,
            LlavaPipeline pipeline, long seed, TrainConfig config) {
        return new SuiteTrainingData(suites, pipeline, seed, 0, locate, drill, config.subjects());
    }

    private static List<TaskFit> headFits(LlavaModel model, long padId, List<TrainingExample> batch,
            TrainConfig config) {
        int layers = model.config().textConfig().numHiddenLayers();
        int heads = model.config().textConfig().numAttentionHeads();
        long image = model.config().imageTokenIndex();
        HeadCapture probs = new HeadCapture(
                IntStream.range(0, layers).boxed().collect(Collectors.toSet()), Set.of());
        List<TaskFit> fits = new ArrayList<>();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            forward(model, padId, batch, probs);
            for (AttentionSupervision.Task task : AttentionSupervision.Task.values()) {
                if (!new AttentionSupervision(0, 0, 1, image, task, 1e-30).applies(batch)) {
                    continue; // the batch has no example this task applies to
                }
                List<HeadLoss> all = new ArrayList<>();
                for (int l = 0; l < layers; l++) {
                    for (int h = 0; h < heads; h++) {
                        all.add(loss(l, h, task, image, probs, batch, model.manager()));
                    }
                }
                all.sort(Comparator.comparingDouble(HeadLoss::loss));
                List<HeadLoss> configured = config.attentionHeads().stream()
                        .filter(s -> s.parsedTask() == task)
                        .map(s -> loss(s.layer(), s.head(), task, image, probs, batch, model.manager()))
                        .toList();
                fits.add(new TaskFit(task, List.copyOf(all.subList(0, Math.min(BEST, all.size()))), configured));
            }
        }
        return fits;
    }

    private static HeadLoss loss(int layer, int head, AttentionSupervision.Task task, long image,
            HeadCapture probs, List<TrainingExample> batch, NDManager m) {
        var supervision = new AttentionSupervision(layer, head, 1, image, task, 1e-30);
        return new HeadLoss(layer, head, supervision.compute(probs.probs(layer), batch, m).getFloat());
    }

    private static SourceAccuracy accuracy(String name, LlavaPipeline pipeline, List<TrainingExample> batch) {
        Map<Integer, int[]> byOptions = new TreeMap<>();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            LlavaModel model = pipeline.model();
            NDArray hidden = forward(model, pipeline.tokenizer().padId(), batch, ForwardObserver.NONE);
            NDArray predicted = model.logits(hidden).argMax(-1);
            long[] ids = predicted.toLongArray();
            int t = (int) predicted.getShape().get(1);
            for (int i = 0; i < batch.size(); i++) {
                TrainingExample e = batch.get(i);
                int[] counts = byOptions.computeIfAbsent(e.options() == null ? 0 : e.options().count(),
                        k -> new int[2]);
                counts[0] += ids[i * t + e.answerPosition()] == e.targetIds()[0] ? 1 : 0;
                counts[1]++;
            }
        }
        return new SourceAccuracy(name, byOptions);
    }

    /** The training forward pass (no gradients are recorded outside a collector): hidden states (B, T, D). */
    private static NDArray forward(LlavaModel model, long padId, List<TrainingExample> batch,
            ForwardObserver observer) {
        return Batches.of(batch, padId).forward(model, batch, observer).hidden();
    }
}
