package dev.lvlmserve.pruning.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.pruning.PruningFixtures;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CalibrationSourceTest {
    static final List<CalibrationSample> ALL = PruningFixtures.samples(10, 1);

    @Test
    void drawIsDeterministicPerSeedAndKeepsListOrder() {
        InMemoryCalibrationSource source = new InMemoryCalibrationSource(ALL);
        List<CalibrationSample> a = source.draw(4, 7);
        assertEquals(a, source.draw(4, 7));
        assertEquals(4, new HashSet<>(a).size());
        List<Integer> positions = a.stream().map(ALL::indexOf).toList();
        assertEquals(positions.stream().sorted().toList(), positions);
        Set<List<CalibrationSample>> draws = new HashSet<>();
        for (long seed = 0; seed < 8; seed++) {
            draws.add(source.draw(4, seed));
        }
        assertTrue(draws.size() > 1, "the seed must choose the subset");
        assertEquals(ALL, source.draw(10, 3));
        assertEquals(ALL, source.draw(50, 3));
        assertEquals(List.of(), new InMemoryCalibrationSource(List.of()).draw(5, 0));
        assertThrows(IllegalArgumentException.class, () -> source.draw(-1, 0));
    }

    @Test
    void hashCoversIdsTokensPixelsAndOrder() {
        String h = CalibrationHash.of(ALL);
        assertEquals(h, CalibrationHash.of(PruningFixtures.samples(10, 1)));
        assertTrue(h.startsWith("sha256:"));
        CalibrationSample first = ALL.getFirst();
        List<CalibrationSample> renamed = new ArrayList<>(ALL);
        renamed.set(0, new CalibrationSample(first.promptIds(), first.pixelValues(), "other"));
        long[] ids = first.promptIds().clone();
        ids[ids.length - 1]++;
        List<CalibrationSample> token = new ArrayList<>(ALL);
        token.set(0, new CalibrationSample(ids, first.pixelValues(), first.id()));
        float[] px = first.pixelValues().clone();
        px[7] += 1e-3f;
        List<CalibrationSample> pixel = new ArrayList<>(ALL);
        pixel.set(0, new CalibrationSample(first.promptIds(), px, first.id()));
        List<CalibrationSample> swapped = new ArrayList<>(ALL);
        swapped.set(0, ALL.get(1));
        swapped.set(1, ALL.get(0));
        for (List<CalibrationSample> changed : List.of(renamed, token, pixel, swapped, ALL.subList(0, 9))) {
            assertNotEquals(h, CalibrationHash.of(changed));
        }
    }

    @Test
    void samplesCompareByContentAndRejectEmptyPrompts() {
        CalibrationSample s = ALL.getFirst();
        assertEquals(s, new CalibrationSample(s.promptIds().clone(), s.pixelValues().clone(), s.id()));
        assertEquals(s.hashCode(), new CalibrationSample(s.promptIds(), s.pixelValues(), s.id()).hashCode());
        assertThrows(IllegalArgumentException.class, () -> new CalibrationSample(new long[0], null, "x"));
    }
}
