package dev.lvlmserve.cli;

import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.eval.EvalReport;
import dev.lvlmserve.eval.JsonlEvaluator;
import dev.lvlmserve.eval.SuiteEvaluator;
import dev.lvlmserve.eval.SuiteResult;
import dev.lvlmserve.model.llava.LlavaPipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        footer = {"", "Example: ./lvlm-serve eval --suite pope,vqa --limit 50 --out /tmp/eval"},
        description = "Evaluate a model on the built-in benchmark suites or on a JSONL file.")
final class EvalCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--suite", split = ",", description = "suites (default: all): pope, mme, mmbench, seed, "
            + "aokvqa, scienceqa, vqa")
    List<String> suites;

    @Option(names = "--split", defaultValue = "TEST", description = "TRAIN, VALIDATION or TEST")
    Split split;

    @Option(names = "--limit", defaultValue = "200", description = "samples per suite")
    int limit;

    @Option(names = "--batch-size", defaultValue = "16")
    int batchSize;

    @Option(names = "--jsonl", paramLabel = "FILE", description = "evaluate this JSONL instead of the suites")
    Path jsonl;

    @Option(names = "--out", paramLabel = "DIR", description = "write eval.json and eval.md here")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path dir = model.resolve();
        List<SuiteResult> results = new ArrayList<>();
        try (LlavaPipeline pipeline = LlavaPipeline.load(dir, model.placement())) {
            if (jsonl != null) {
                results.add(new JsonlEvaluator(batchSize).evaluate(pipeline, jsonl, limit));
            } else {
                List<BenchmarkSuite> chosen = suites == null ? Suites.all()
                        : suites.stream().map(Suites::byName).toList();
                SuiteEvaluator evaluator = new SuiteEvaluator(batchSize);
                for (BenchmarkSuite s : chosen) {
                    SuiteResult r = evaluator.evaluate(pipeline, s, split, limit, n -> {});
                    System.err.printf(Locale.ROOT, "%-10s %-14s %6.1f  (%.1f samples/s)%n", s.name(),
                            r.score().metricName(), r.score().metric(), r.samplesPerSecond());
                    results.add(r);
                }
            }
        }
        System.out.print(EvalReport.markdown(results));
        if (out != null) {
            EvalReport.write(results, dir.toString(), out);
        }
        return 0;
    }
}
