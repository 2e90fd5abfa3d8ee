package dev.lvlmserve.pruning.calibration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.ProgressListener;
import dev.lvlmserve.pruning.PruningFixtures;
import dev.lvlmserve.pruning.scoring.TokenOptions;
import dev.lvlmserve.pruning.scoring.TokenSelection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CalibratorTest {
    static LlavaModel model;
    static final Set<Integer> SCORED = Set.of(4, 5, 6, 7);
    static final Calibrator PLAIN = new Calibrator(ProgressListener.NONE, Cancellation.NEVER);

    @BeforeAll
    static void load() {
        model = PruningFixtures.model(21);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static CaptureSpec spec(int stackedRows) {
        Set<FeatureKey> features = IntStream.range(0, 8).mapToObj(FeatureKey::allTokens).collect(Collectors.toSet());
        features.addAll(Set.of(new FeatureKey(5, 5), new FeatureKey(4, 5), new FeatureKey(7, 5)));
        return new CaptureSpec(SCORED, features, TokenOptions.DEFAULT, stackedRows);
    }

    static List<CalibrationSample> prompts(int textAfter) {
        List<CalibrationSample> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.add(PruningFixtures.sample("p" + i, 2, textAfter, true, i));
        }
        return out;
    }

    @Test
    void statisticsSizeDoesNotGrowWithPromptLength() {
        for (int rows : new int[] {0, 4}) {
            CalibrationStats shortPrompts = PLAIN.run(model, prompts(2), spec(rows), "calibrate");
            CalibrationStats longPrompts = PLAIN.run(model, prompts(60), spec(rows), "calibrate");
            assertEquals(shortPrompts.footprintBytes(), longPrompts.footprintBytes());
            int perSample = rows == 0 ? 1 : rows;
            assertEquals(3L * perSample, longPrompts.features().rowCount(FeatureKey.allTokens(6)));
            assertEquals(3, longPrompts.features().rowCount(new FeatureKey(4, 5)));
            // 11 feature keys × rows × D floats, plus O(1) per scored layer
            assertTrue(longPrompts.footprintBytes() < 11L * 3 * perSample * 32 * 4 + 1024);
        }
    }

    @Test
    void sameSamplesGiveTheSameStatistics() {
        CalibrationStats a = PLAIN.run(model, PruningFixtures.samples(4, 3), spec(0), "calibrate");
        CalibrationStats b = PLAIN.run(model, PruningFixtures.samples(4, 3), spec(0), "calibrate");
        for (TokenSelection s : TokenSelection.values()) {
            assertEquals(a.similarity(s), b.similarity(s));
            assertEquals(SCORED, a.similarity(s).keySet(), s.jsonName());
            a.similarity(s).values().forEach(v -> assertTrue(v >= -1 && v <= 1));
        }
        assertArrayEquals(a.features().matrix(new FeatureKey(4, 5)).data, b.features().matrix(new FeatureKey(4, 5))
                .data, 0);
        assertEquals(4, a.sampleCount());
    }

    @Test
    void keptFeaturesOfAnEarlierLayerWaitForTheTokenLayersAttention() {
        // keep every token: the kept mean is the all-token mean, whether or not it had to be deferred
        CaptureSpec all = new CaptureSpec(Set.of(), Set.of(FeatureKey.allTokens(4), new FeatureKey(4, 6),
                new FeatureKey(6, 6)), new TokenOptions(1.0, false), 0);
        CalibrationStats s = PLAIN.run(model, prompts(5), all, "capture");
        assertArrayEquals(s.features().matrix(FeatureKey.allTokens(4)).data,
                s.features().matrix(new FeatureKey(4, 6)).data, 1e-6);
    }

    @Test
    void cancellationStopsBetweenSamplesAndInsideAForward() {
        AtomicInteger progress = new AtomicInteger();
        Calibrator afterTwo = new Calibrator((stage, done, total) -> progress.set((int) done),
                () -> progress.get() >= 2);
        assertThrows(CancellationException.class,
                () -> afterTwo.run(model, PruningFixtures.samples(6, 1), spec(0), "calibrate"));
        assertEquals(2, progress.get());

        AtomicInteger checks = new AtomicInteger();
        AtomicInteger reported = new AtomicInteger();
        Calibrator midForward = new Calibrator((stage, done, total) -> reported.incrementAndGet(),
                () -> checks.incrementAndGet() > 3); // before the sample, then after layers 0, 1, 2
        CancellationException e = assertThrows(CancellationException.class,
                () -> midForward.run(model, PruningFixtures.samples(6, 1), spec(0), "calibrate"));
        assertEquals(0, reported.get());
        assertEquals(4, checks.get());
        assertTrue(e.getMessage().contains("calibrate"));
    }

    @Test
    void progressCountsSamples() {
        List<String> events = new ArrayList<>();
        new Calibrator((stage, done, total) -> events.add(stage + " " + done + "/" + total), Cancellation.NEVER)
                .run(model, PruningFixtures.samples(3, 1), spec(0), "calibrate");
        assertEquals(List.of("calibrate 1/3", "calibrate 2/3", "calibrate 3/3"), events);
    }

    @Test
    void samplesAndLayersThatDoNotFitTheModelAreRejected() {
        CalibrationSample ok = PruningFixtures.sample("ok", 2, 3, true, 1);
        CalibrationSample noPixels = new CalibrationSample(ok.promptIds(), null, "no-pixels");
        CalibrationSample badPixels = new CalibrationSample(ok.promptIds(), new float[7], "bad-pixels");
        CalibrationSample textOnly = PruningFixtures.sample("text", 4, 0, false, 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PLAIN.run(model, List.of(noPixels), spec(0),
                "c")).getMessage().contains("'no-pixels'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PLAIN.run(model, List.of(badPixels), spec(0),
                "c")).getMessage().contains("768"));
        assertThrows(IllegalArgumentException.class, () -> PLAIN.run(model, List.of(), spec(0), "c"));
        assertThrows(IllegalArgumentException.class, () -> PLAIN.run(model, List.of(ok),
                new CaptureSpec(Set.of(9), Set.of(), TokenOptions.DEFAULT, 0), "c"));
        CalibrationStats text = PLAIN.run(model, List.of(textOnly), spec(0), "c");
        assertEquals(Set.of(), text.similarity(TokenSelection.VISUAL).keySet()); // no visual tokens: no score
        assertEquals(SCORED, text.similarity(TokenSelection.TEXT).keySet());
    }
}
