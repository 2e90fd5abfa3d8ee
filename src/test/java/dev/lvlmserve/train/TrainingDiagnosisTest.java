package dev.lvlmserve.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.model.llava.LlavaPipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDiagnosisTest {
    @TempDir
    Path tmp;

    @Test
    void ranksEveryHeadPerTaskAndCountsFirstTokensPerSourceAndOptionCount() throws Exception {
        TrainConfig config = DefaultModelTrainerTest.toy(5);
        Path out = tmp.resolve("model");
        new DefaultModelTrainer(config, new PrintStream(new ByteArrayOutputStream())).run(out, "test");
        int samples = 24; // enough that the (seeded) mix holds multiple-choice examples too
        try (LlavaPipeline p = LlavaPipeline.load(out, null)) {
            TrainingDiagnosis.Report report = TrainingDiagnosis.run(p, config, samples);
            Set<AttentionSupervision.Task> tasks = report.heads().stream().map(TrainingDiagnosis.TaskFit::task)
                    .collect(Collectors.toSet());
            assertTrue(tasks.contains(AttentionSupervision.Task.ANSWER_TO_OPTION), tasks.toString());
            assertTrue(tasks.contains(AttentionSupervision.Task.SUBJECT_TO_OBJECT), tasks.toString());
            for (TrainingDiagnosis.TaskFit f : report.heads()) {
                for (int i = 1; i < f.best().size(); i++) {
                    assertTrue(f.best().get(i - 1).loss() <= f.best().get(i).loss(), "lowest loss first");
                }
                assertTrue(f.best().getFirst().loss() >= 0);
                for (TrainingDiagnosis.HeadLoss c : f.configured()) {
                    assertTrue(c.loss() >= f.best().getFirst().loss(), "no head beats the best: " + f);
                    f.best().stream().filter(b -> b.layer() == c.layer() && b.head() == c.head())
                            .forEach(b -> assertEquals(b.loss(), c.loss(), 1e-6));
                }
            }
            Map<String, Map<Integer, int[]>> bySource = report.sources().stream().collect(Collectors.toMap(
                    TrainingDiagnosis.SourceAccuracy::source,
                    TrainingDiagnosis.SourceAccuracy::rightAndTotalByOptions));
            assertEquals(Set.of("drill", "locate", "pope", "vqa", "mmbench"), bySource.keySet());
            for (Map<Integer, int[]> counts : bySource.values()) {
                assertEquals(samples, counts.values().stream().mapToInt(c -> c[1]).sum());
                counts.values().forEach(c -> assertTrue(c[0] >= 0 && c[0] <= c[1]));
            }
            assertEquals(Set.of(0), bySource.get("pope").keySet(), "open questions have no options");
            assertEquals(Set.of(4), bySource.get("mmbench").keySet());
            assertTrue(Set.of(2, 4).containsAll(bySource.get("drill").keySet()));
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            report.print(new PrintStream(text, true));
            assertTrue(text.toString().contains("answer_to_option"), text.toString());
        }
    }
}
