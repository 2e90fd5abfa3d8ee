package dev.lvlmserve.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.suite.Captions;
import dev.lvlmserve.bench.suite.Split;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DescribeEvaluatorTest {
    @Test
    void aCaptionSplitsIntoNormalisedObjectItems() {
        assertEquals(Set.of("top left small red circle", "centre large blue cross"),
                DescribeEvaluator.items(" top left  small red circle , centre large blue cross ,"));
        assertEquals(Set.of(), DescribeEvaluator.items(""));
    }

    @Test
    void testScenesAreTestSplitOnlyAndTheirCaptionsParseBackToOneItemPerObject() {
        for (Scene s : DescribeEvaluator.testScenes(30)) {
            assertEquals(Split.TEST, Split.of(s));
            assertEquals(s.objects().size(), DescribeEvaluator.items(Captions.caption(s)).size());
        }
        assertTrue(DescribeEvaluator.testScenes(5).equals(DescribeEvaluator.testScenes(5)), "deterministic");
    }
}
