package dev.lvlmserve.cli;

import dev.lvlmserve.bench.export.DatasetExporter;
import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dataset", mixinStandardHelpOptions = true,
        footer = {"", "Example: ./lvlm-serve dataset export --suite vqa --count 3 --out /tmp/vqa"},
        description = "Work with the built-in benchmark data.",
        subcommands = DatasetCommand.Export.class)
final class DatasetCommand {
    @Command(name = "export", mixinStandardHelpOptions = true,
            footer = {"", "Example: ./lvlm-serve dataset export --suite vqa --count 3 --out /tmp/vqa"},
            description = "Write a split as LLaVA-665k-style JSONL plus PNG files (the calibration/eval format).")
    static final class Export implements Callable<Integer> {
        @Option(names = "--suite", split = ",", description = "suites (default: all)")
        List<String> suites;

        @Option(names = "--split", defaultValue = "TEST", description = "TRAIN, VALIDATION or TEST")
        Split split;

        @Option(names = "--count", defaultValue = "100", description = "samples per suite")
        int count;

        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Override
        public Integer call() {
            List<BenchmarkSuite> chosen = suites == null ? Suites.all()
                    : suites.stream().map(Suites::byName).toList();
            Path file = DatasetExporter.export(chosen, split, count, out);
            System.out.println("wrote " + file);
            return 0;
        }
    }
}
