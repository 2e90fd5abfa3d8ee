package dev.lvlmserve.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuitesTest {
    @Test
    void listsTheSevenSuitesOnce() {
        List<String> names = Suites.all().stream().map(BenchmarkSuite::name).toList();
        assertEquals(List.of("aokvqa", "scienceqa", "mme", "pope", "mmbench", "seed", "vqa"), names);
    }

    @Test
    void findsByNameIgnoringCase() {
        assertEquals("pope", Suites.byName("POPE").name());
    }

    @Test
    void unknownNameListsTheValidOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Suites.byName("gqa"));
        assertTrue(e.getMessage().contains("gqa"));
        for (BenchmarkSuite s : Suites.all()) {
            assertTrue(e.getMessage().contains(s.name()), e.getMessage());
        }
    }

    @Test
    void rejectsNegativeIndicesAndMisalignedPredictions() {
        BenchmarkSuite vqa = Suites.byName("vqa");
        assertThrows(IllegalArgumentException.class, () -> vqa.sample(Split.TEST, -1));
        assertThrows(IllegalArgumentException.class, () -> vqa.samples(Split.TEST, -1));
        assertThrows(IllegalArgumentException.class, () -> vqa.score(vqa.samples(Split.TEST, 2), List.of("1")));
    }

    @Test
    void promptsFollowLlavaEval() {
        assertEquals(
                "Q?\nA. x\nB. y\nAnswer with the option's letter from the given choices directly.",
                Prompts.multipleChoice("Q?", List.of("x", "y")));
        assertEquals("Q?\nAnswer the question using a single word or phrase.", Prompts.shortAnswer("Q?"));
    }
}
