package dev.lvlmserve.pruning.calibration;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A fixed list of samples. {@link #draw} picks {@code n} of them uniformly without replacement with a seeded
 * {@link SplittableRandom} (partial Fisher–Yates) and returns them in list order, so a seed fixes the subset and
 * nothing else depends on it; asking for at least the whole list returns the whole list.
 */
public final class InMemoryCalibrationSource implements CalibrationSource {
    private final List<CalibrationSample> samples;

    public InMemoryCalibrationSource(List<CalibrationSample> samples) {
        this.samples = List.copyOf(samples);
    }

    @Override
    public List<CalibrationSample> draw(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot draw " + n + " samples");
        }
        if (n >= samples.size()) {
            return samples;
        }
        int[] index = IntStream.range(0, samples.size()).toArray();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + r.nextInt(index.length - i);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
        }
        return IntStream.of(index).limit(n).sorted().mapToObj(samples::get).toList();
    }

    public int size() {
        return samples.size();
    }

    @Override
    public String describe() {
        return "in-memory (" + samples.size() + " samples)";
    }
}
