package dev.lvlmserve.cli;

import dev.lvlmserve.fixture.FixtureCheckpoint;
import dev.lvlmserve.fixture.FixtureSpec;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.io.KeyMapping;
import dev.lvlmserve.model.io.SafeDType;
import dev.lvlmserve.model.llava.LlavaCheckpoint;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fixture", mixinStandardHelpOptions = true,
        footer = {"", "Example: ./lvlm-serve fixture --out /tmp/fixture --seed 3 --dtype F16"},
        description = "Write a random LLaVA checkpoint in the llava-hf layout (deterministic from the seed).")
final class FixtureCommand implements Callable<Integer> {
    enum Size { tiny, one_billion }

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Option(names = "--size", defaultValue = "tiny", description = "tiny or one_billion (hidden 2048)")
    Size size;

    @Option(names = "--dtype", defaultValue = "F32", description = "F32, F16 or BF16")
    SafeDType dtype;

    @Option(names = "--vintage", defaultValue = "LEGACY",
            description = "LEGACY (language_model.model.*) or MODERN (model.language_model.*) keys")
    KeyMapping.Vintage vintage;

    @Option(names = "--shard-mb", defaultValue = "0", description = "split weights into shards of this size")
    long shardMb;

    @Override
    public Integer call() throws Exception {
        FixtureSpec spec = size == Size.tiny ? FixtureSpec.tiny() : FixtureSpec.oneBillion();
        long shard = shardMb > 0 ? shardMb << 20 : Long.MAX_VALUE;
        long t0 = System.nanoTime();
        LlavaConfig c = FixtureCheckpoint.write(out, spec, seed, new LlavaCheckpoint.WriteOptions(dtype, vintage,
                shard));
        System.out.printf("wrote %s: %d decoder layers, hidden %d, vocab %d, in %.1f s%n", out,
                c.textConfig().numHiddenLayers(), c.textConfig().hiddenSize(), c.textConfig().vocabSize(),
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
