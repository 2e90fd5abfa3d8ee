package dev.lvlmserve.pruning.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.pruning.scoring.TokenOptions;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PruneRequestTest {
    static final List<Integer> L8 = IntStream.range(0, 8).boxed().toList();
    static final ModelShape S8 = ModelShape.of(dev.lvlmserve.pruning.PruningFixtures.CONFIG, null);

    static String message(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.7, -0.1, Double.NaN, Double.POSITIVE_INFINITY})
    void ratioOutsideZeroToHalfIsRejected(double ratio) {
        assertTrue(message(() -> PruneRequest.of("short-lvlm", ratio)).contains("ratio must be in [0, 0.5)"));
    }

    @Test
    void unknownMethodListsTheValidNames() {
        String m = message(() -> PruneRequest.of("shortgpt", 0.2));
        assertTrue(m.contains("'shortgpt'"), m);
        for (String name : List.of("short-lvlm", "tis", "scp", "cosine-all", "text-only", "vision-only",
                "block-influence", "last-n", "random", "enumerate", "width-taylor", "width-activation",
                "width-random")) {
            assertTrue(m.contains(name), name + " in " + m);
        }
        assertEquals(PruningMethod.names().size(), PruningMethod.values().length);
    }

    @Test
    void negativeRankAndOtherBadOptionsAreRejected() {
        assertTrue(message(() -> PruneOptions.DEFAULT.withRank(-1)).contains("rank must be ≥ 0"));
        assertTrue(message(() -> PruneOptions.DEFAULT.withStackedRowCap(0)).contains("stacked_row_cap"));
        assertTrue(message(() -> PruneOptions.DEFAULT.withCandidateLayers(List.of(5, 5))).contains("distinct"));
        assertTrue(message(() -> new TokenOptions(0, false)).contains("keep_fraction"));
        assertTrue(message(() -> PruneRequest.of("tis", 0.2).withCalibrationSize(0)).contains("calibration size"));
        assertTrue(message(() -> PruneRequest.of("enumerate", 0.2).validate(S8)).contains("evaluator"));
        assertEquals(2, PruneRequest.of("enumerate", 0.2).withEvaluator(s -> 0).validate(S8).layersToRemove());
    }

    @Test
    void removingMoreLayersThanCandidatesIsRejected() {
        PruneRequest r = PruneRequest.of("tis", 0.45); // round(3.6) = 4 of 8: exactly the deeper half
        assertEquals(4, r.removalCount(L8));
        PruneRequest narrow = r.withOptions(PruneOptions.DEFAULT.withCandidateLayers(List.of(5, 6, 7)));
        String m = message(() -> narrow.removalCount(L8));
        assertTrue(m.contains("4 layers") && m.contains("only 3 candidate layers [5, 6, 7]"), m);
        assertTrue(message(() -> r.withOptions(PruneOptions.DEFAULT.withCandidateLayers(List.of(9))).candidates(L8))
                .contains("candidate layer 9"));
    }

    @Test
    void defaultsFollowTheMethod() {
        assertEquals(List.of(4, 5, 6, 7), PruneRequest.of("short-lvlm", 0.2).candidates(L8));
        assertEquals(L8, PruneRequest.of("block-influence", 0.2).candidates(L8));
        assertTrue(PruneRequest.of("short-lvlm", 0.2).compensates());
        assertTrue(PruneRequest.of("scp", 0.2).compensates());
        assertFalse(PruneRequest.of("tis", 0.2).compensates());
        assertTrue(PruneRequest.of("random", 0.2).withOptions(PruneOptions.DEFAULT.withCompensate(true)).compensates());
        assertEquals(64, PruneRequest.of("short-lvlm", 0.2).rank(4096));
        assertEquals(80, PruneRequest.of("short-lvlm", 0.2).rank(5120));
        assertEquals(1, PruneRequest.of("short-lvlm", 0.2).rank(32));
        assertEquals(0, PruneRequest.of("scp", 0.2).withOptions(PruneOptions.DEFAULT.withRank(0)).rank(4096));
    }
}
