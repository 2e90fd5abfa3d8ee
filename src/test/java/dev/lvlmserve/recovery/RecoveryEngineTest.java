package dev.lvlmserve.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.apply.PruneResult;
import dev.lvlmserve.train.LlavaTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecoveryEngineTest {
    static LlavaPipeline base;

    @BeforeAll
    static void load() {
        base = RecoveryFixtures.base();
    }

    @AfterAll
    static void close() {
        base.close();
    }

    /** Every tensor's values, by key (bit patterns, so −0.0 ≠ 0.0 and NaN = NaN). */
    static Map<String, int[]> snapshot(LlavaModel model) {
        Map<String, int[]> out = new LinkedHashMap<>();
        model.weights().asMap().forEach((k, v) -> {
            try (NDArray f = v.toType(DataType.FLOAT32, true)) {
                float[] x = f.toFloatArray();
                int[] bits = new int[x.length];
                for (int i = 0; i < x.length; i++) {
                    bits[i] = Float.floatToRawIntBits(x[i]);
                }
                out.put(k, bits);
            }
        });
        return out;
    }

    static void assertSame(Map<String, int[]> before, Map<String, int[]> after) {
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k + " changed"));
    }

    @ParameterizedTest
    @EnumSource(RecoveryRegime.class)
    void theBaseAndEveryOtherVariantStayBitIdentical(RecoveryRegime regime) {
        try (PruneResult trained = RecoveryFixtures.shortLvlm(base);
                PruneResult other = RecoveryFixtures.width(base)) {
            Map<String, int[]> baseBefore = snapshot(base.model());
            Map<String, int[]> otherBefore = snapshot(other.variant());
            Map<String, int[]> variantBefore = snapshot(trained.variant());
            try (RecoveryRun run = RecoveryFixtures.recover(base, trained,
                    RecoveryFixtures.quick(regime, "ce+logit+hidden", 3))) {
                assertThat(run.record().stepsRun()).isEqualTo(3);
                assertThat(snapshot(run.model())).as("the student did change").isNotEqualTo(variantBefore);
            }
            assertSame(baseBefore, snapshot(base.model()));
            assertSame(otherBefore, snapshot(other.variant()));
            assertSame(variantBefore, snapshot(trained.variant())); // even the variant's own SCP factors
        }
    }

    @Test
    void aFewStepsLowerTheTrainingLoss() {
        try (PruneResult pruned = RecoveryFixtures.shortLvlm(base)) {
            RecoveryOptions o = RecoveryOptions.fromJson("{\"regime\":\"lora\",\"loss\":\"ce+hidden\",\"steps\":30,"
                    + "\"batch_size\":4,\"data_fraction\":0.0001,\"lora_rank\":4,\"validation_examples\":0,"
                    + "\"validation_samples\":0,\"validate_every\":0,\"learning_rate\":0.01}");
            RecoveryData data = RecoveryFixtures.data(base, 0.0001); // 14 examples, seen again and again
            try (RecoveryRun run = new RecoveryEngine().recover(base, pruned.variant(),
                    RecoveryFixtures.identity(pruned.variant().languageModel().layerIds()), data, o,
                    RecoveryProgress.NONE, Cancellation.NEVER)) {
                List<Map<String, Double>> curve = run.record().lossCurve();
                double first = mean(curve.subList(0, 5));
                double last = mean(curve.subList(curve.size() - 5, curve.size()));
                assertThat(last).as("loss %s -> %s", first, last).isLessThan(first * 0.85);
                assertThat(curve.getLast()).containsKeys("ce", "hidden", "lr", "grad_norm");
            }
        }
    }

    @Test
    void aCancelledRecoveryStopsBeforeTheNextStepAndKeepsNothing() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = listing(tmp);
        try (PruneResult pruned = RecoveryFixtures.shortLvlm(base)) {
            Map<String, int[]> variantBefore = snapshot(pruned.variant());
            AtomicInteger steps = new AtomicInteger();
            RecoveryProgress counting = new RecoveryProgress() {
                @Override
                public void onStep(Status s) {
                    steps.set(s.step());
                }
            };
            assertThrows(CancellationException.class, () -> new RecoveryEngine().recover(base, pruned.variant(),
                    RecoveryFixtures.identity(pruned.variant().languageModel().layerIds()),
                    RecoveryFixtures.data(base, 0.001), RecoveryFixtures.quick(RecoveryRegime.LORA, "ce", 50),
                    counting, () -> steps.get() >= 2));
            assertEquals(2, steps.get());
            assertSame(variantBefore, snapshot(pruned.variant()));
        }
        assertThat(listing(tmp)).as("no temporary files").containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void theTrainerRefusesToTrainTensorsAVariantSharesWithItsBase() {
        try (PruneResult pruned = RecoveryFixtures.shortLvlm(base)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new LlavaTrainer(pruned.variant(), k -> true, 0, 0));
            assertThat(e.getMessage()).contains("shared");
        }
    }

    @Test
    void aTimeBudgetEndsTheRunAndIsRecorded() {
        try (PruneResult pruned = RecoveryFixtures.shortLvlm(base)) {
            RecoveryOptions o = RecoveryOptions.fromJson("{\"regime\":\"projector\",\"loss\":\"ce\",\"steps\":100000,"
                    + "\"time_budget_seconds\":1,\"batch_size\":2,\"validation_examples\":0,"
                    + "\"validation_samples\":0}");
            try (RecoveryRun run = RecoveryFixtures.recover(base, pruned, o)) {
                assertEquals("time_budget", run.record().stoppedBy());
                assertThat(run.record().stepsRun()).isBetween(1, 99_999);
            }
        }
    }

    private static double mean(List<Map<String, Double>> window) {
        return window.stream().mapToDouble(m -> m.get("loss")).average().orElseThrow();
    }

    private static List<Path> listing(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.toList());
        }
    }
}
