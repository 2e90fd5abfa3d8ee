package dev.lvlmserve.train;

import ai.djl.ndarray.NDManager;
import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.bench.suite.Vocabulary;
import dev.lvlmserve.eval.SuiteEvaluator;
import dev.lvlmserve.eval.SuiteResult;
import dev.lvlmserve.model.Djl;
import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.config.VisionConfig;
import dev.lvlmserve.model.image.ImageProcessor;
import dev.lvlmserve.model.image.ImageProcessorConfig;
import dev.lvlmserve.model.io.SafeDType;
import dev.lvlmserve.model.llava.LlavaCheckpoint;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.llava.RandomWeights;
import dev.lvlmserve.model.nn.WeightMap;
import dev.lvlmserve.model.tokenizer.TextTokenizer;
import dev.lvlmserve.model.tokenizer.WordLevelTokenizerWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Trains the embedded default model from scratch on the built-in benchmark's TRAIN split: a word-level tokenizer
 * over the benchmark vocabulary, a small LLaVA initialised from the seed, AdamW with warm-up and cosine decay,
 * validation accuracy as it goes, and a llava-hf checkpoint (fp16 on disk) with a TRAINING.json that records the
 * command, the config and the curves.
 */
public final class DefaultModelTrainer {
    private final TrainConfig config;
    private final PrintStream log;

    public DefaultModelTrainer(TrainConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    public void run(Path outDir, String command) throws IOException {
        run(outDir, command, null);
    }

    /**
     * @param init a checkpoint to continue from (its architecture, tokenizer and processor; a fresh optimizer and
     *     schedule), or null to start from random weights
     */
    public void run(Path outDir, String command, Path init) throws IOException {
        Path work = Files.createTempDirectory("lvlm-train-");
        LlavaModel model;
        ImageProcessorConfig pre;
        TextTokenizer tokenizer;
        if (init == null) {
            WordLevelTokenizerWriter.write(work, Vocabulary.words());
            pre = ImageProcessorConfig.clipDefaults(config.imageSize());
            pre.write(work.resolve("preprocessor_config.json"));
            tokenizer = TextTokenizer.load(work);
            LlavaConfig llava = llavaConfig(tokenizer);
            Files.writeString(work.resolve("generation_config.json"), generationConfig(tokenizer));
            NDManager owner = Djl.newManager();
            model = LlavaModel.full(llava,
                    new WeightMap(RandomWeights.generate(llava, config.seed(), config.initStd(), owner)), owner);
        } else {
            for (String f : LlavaCheckpoint.SIDE_FILES) {
                if (Files.isRegularFile(init.resolve(f))) {
                    Files.copy(init.resolve(f), work.resolve(f));
                }
            }
            pre = ImageProcessorConfig.read(work.resolve("preprocessor_config.json"));
            tokenizer = TextTokenizer.load(work);
            model = LlavaCheckpoint.loadModel(init, null);
        }
        List<BenchmarkSuite> suites = config.suites().stream().map(Suites::byName).toList();
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("command", command);
        if (init != null && Files.isRegularFile(init.resolve("TRAINING.json"))) {
            record.set("initialized_from", Json.MAPPER.readTree(Files.readString(init.resolve("TRAINING.json"))));
        }
        record.set("config", Json.MAPPER.readTree(config.toJson()));
        ArrayNode curve = record.putArray("loss_curve");
        ArrayNode validation = record.putArray("validation");
        long started = System.nanoTime();
        try (LlavaPipeline pipeline = new LlavaPipeline(model, tokenizer, new ImageProcessor(pre), true);
                LlavaTrainer trainer = new LlavaTrainer(model, k -> true, config.weightDecay(),
                        tokenizer.padId(), config.patchLossWeight(),
                        config.embeddingProbe() ? probeWordIds(tokenizer) : null)) {
            if (config.answerProbeWeight() > 0) {
                trainer.probeAnswer(config.answerProbeLayer(), config.answerProbeWeight());
            }
            if (config.optionProbeWeight() > 0) {
                trainer.probeOption(config.optionProbeLayer(), config.optionProbeWeight());
            }
            if (config.contentProbeWeight() > 0) {
                trainer.probeContent(config.contentProbeLayer(), config.contentProbeWeight());
            }
            for (TrainConfig.HeadSupervision h : config.attentionHeads()) {
                trainer.superviseAttention(h.layer(), h.head(), h.weight(), h.parsedTask(), config.attentionFloor());
            }
            SuiteTrainingData data = new SuiteTrainingData(suites, pipeline, config.seed(), config.captionFraction(),
                    config.locateFraction(), config.choiceDrillFraction(), config.subjects());
            CosineSchedule schedule = new CosineSchedule(config.peakLr(), config.warmupSteps(), config.steps(),
                    config.minLrRatio());
            double window = 0;
            double[] parts = new double[3]; // lm, patch, attention over the window
            int inWindow = 0;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(config.stepsToRun())
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(
                            System.err)).showSpeed().build()) {
                for (int step = 0; step < config.stepsToRun(); step++) {
                    double lr = schedule.at(step);
                    LlavaTrainer.StepResult r = trainer.step(data.batch(step, config.batchSize()), lr,
                            config.gradClip(), config.perSampleLoss());
                    window += r.loss();
                    parts[0] += r.lmLoss();
                    parts[1] += r.patchLoss();
                    parts[2] += r.attentionLoss();
                    inWindow++;
                    bar.step();
                    bar.setExtraMessage(String.format(" loss %.4f", r.loss()));
                    if ((step + 1) % 25 == 0 || step + 1 == config.stepsToRun()) {
                        double mean = window / inWindow;
                        curve.addObject().put("step", step + 1).put("loss", mean).put("lm_loss", parts[0] / inWindow)
                                .put("patch_loss", parts[1] / inWindow).put("attention_loss", parts[2] / inWindow)
                                .put("lr", lr);
                        log.printf("step %5d  loss %.4f (lm %.4f, patch %.4f, attention %.4f)  lr %.2e  grad-norm "
                                + "%.3f%n", step + 1, mean, parts[0] / inWindow, parts[1] / inWindow,
                                parts[2] / inWindow, lr, r.gradNorm());
                        java.util.Arrays.fill(parts, 0);
                        window = 0;
                        inWindow = 0;
                    }
                    boolean last = step + 1 == config.stepsToRun();
                    if ((step + 1) % config.evalEvery() == 0 || last) {
                        trainer.detach(); // evaluation runs without gradients
                        validation.add(validate(pipeline, suites, step + 1));
                        if (!last) {
                            snapshot(model, work, outDir, step + 1, record);
                            trainer.reattach();
                        }
                    }
                }
            }
            record.put("train_seconds", (System.nanoTime() - started) / 1e9);
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("TRAINING.json", Json.MAPPER.writeValueAsString(record));
            LlavaCheckpoint.write(model, work, outDir, SafeDType.F16, extra);
            log.println("wrote " + outDir);
        } finally {
            LlavaCheckpoint.deleteTree(work);
        }
    }

    /** Each patch-probe class's word id in this tokenizer, −1 for the "empty" classes. */
    static long[] probeWordIds(TextTokenizer tokenizer) {
        return CellLabels.classWords().stream()
                .mapToLong(w -> w == null ? -1 : tokenizer.tokenId(w).orElseThrow(
                        () -> new IllegalStateException("the tokenizer lacks the word " + w)))
                .toArray();
    }

    /** A usable checkpoint after every validation, so a long run that is stopped still leaves a model. */
    private void snapshot(LlavaModel model, Path work, Path outDir, int step, ObjectNode record) throws IOException {
        Path snap = outDir.resolveSibling(outDir.getFileName() + ".step" + step);
        LlavaCheckpoint.deleteTree(snap);
        LlavaCheckpoint.write(model, work, snap, SafeDType.F16, Map.of("TRAINING.json",
                Json.MAPPER.writeValueAsString(record)));
        log.println("snapshot " + snap);
    }

    private ObjectNode validate(LlavaPipeline pipeline, List<BenchmarkSuite> suites, int step) {
        List<SuiteResult> results = new ArrayList<>();
        for (BenchmarkSuite s : suites) {
            results.add(new SuiteEvaluator(32).evaluate(pipeline, s, Split.VALIDATION,
                    config.evalSamplesPerSuite(), n -> {}));
        }
        ObjectNode o = Json.MAPPER.createObjectNode().put("step", step);
        StringBuilder line = new StringBuilder(String.format("validation @%d:", step));
        for (SuiteResult r : results) {
            o.put(r.score().suite(), r.score().metric());
            line.append(String.format(" %s %.1f", r.score().suite(), r.score().metric()));
        }
        double avg = SuiteEvaluator.average(results);
        o.put("average", avg);
        log.println(line.append(String.format(" | average %.1f", avg)));
        return o;
    }

    LlavaConfig llavaConfig(TextTokenizer tokenizer) {
        long image = tokenizer.imageTokenId();
        TextConfig text = new TextConfig("llama", tokenizer.vocabSize(), config.textHidden(),
                config.textIntermediate(), config.textLayers(), config.textHeads(), config.textKvHeads(), 0, "silu",
                512, 1e-6, 10000.0, 1.0, false, false, false, tokenizer.bosId(), tokenizer.eosId(),
                tokenizer.padId());
        VisionConfig vision = new VisionConfig(config.visionHidden(), config.visionHidden() * 2,
                config.visionLayers(), config.visionHeads(), 3, config.imageSize(), config.patchSize(), "quick_gelu",
                1e-5, config.visionHidden());
        return new LlavaConfig(text, vision, image, "gelu", List.of(-2), "default", true, false);
    }

    private static String generationConfig(TextTokenizer t) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("bos_token_id", t.bosId());
        o.put("eos_token_id", t.eosId());
        o.put("pad_token_id", t.padId());
        o.put("max_new_tokens", 16);
        return Json.MAPPER.writeValueAsString(o);
    }
}
