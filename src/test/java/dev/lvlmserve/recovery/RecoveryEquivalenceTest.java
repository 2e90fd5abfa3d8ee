package dev.lvlmserve.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.recipe.DeltaMode;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.apply.PruneResult;
import dev.lvlmserve.train.Batches;
import dev.lvlmserve.train.TrainingExample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The recovery's numerics against their obvious twins: an untrained student is its variant (adapters with B = 0
 * add exactly nothing, so every distillation part is exactly 0), and a trained student, stored as a recipe in the
 * base's coordinates and derived again, computes what it computed in training — factored and merged alike.
 */
class RecoveryEquivalenceTest {
    static LlavaPipeline base;
    static List<TrainingExample> batch;

    @BeforeAll
    static void load() {
        base = RecoveryFixtures.base();
        JniUtils.setGradMode(false);
        RecoveryData data = RecoveryFixtures.data(base, 0.001);
        batch = List.of(data.example(0), data.example(1), data.example(2));
    }

    @AfterAll
    static void close() {
        base.close();
    }

    /** The logits of {@code model} on the shared batch, as floats. */
    static float[] logits(LlavaModel model) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Batches b = Batches.of(batch, base.tokenizer().padId());
            NDArray hidden = b.forward(model, batch, ForwardObserver.NONE).hidden();
            return model.logits(hidden).toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    static RecoveryOptions lora(String loss) {
        return RecoveryOptions.fromJson("{\"regime\":\"lora\",\"loss\":\"" + loss + "\",\"lora_rank\":4,"
                + "\"hidden_layers\":[1,2],\"batch_size\":3}");
    }

    @Test
    void anAdapterWithZeroBLeavesTheOutputsUnchanged() {
        try (Student student = Student.of(base.model(), lora("ce+hidden"))) {
            assertThat(student.adapters()).hasSize(4 * LoraTarget.all().size());
            assertThat(student.adapters()).allSatisfy(a -> assertThat(a.a().abs().sum().getFloat()).isPositive());
            assertArrayEquals(logits(base.model()), logits(student.model()), 0f);
        }
    }

    @Test
    void everyDistillationPartIsExactlyZeroWhenTheStudentIsItsTeacher() {
        Map<Integer, Integer> same = RecoveryFixtures.identity(base.model().languageModel().layerIds());
        RecoveryOptions o = lora("ce+logit+hidden");
        try (Student student = Student.of(base.model(), o);
                RecoveryTrainer trainer = new RecoveryTrainer(base.model(), student, o, base.tokenizer().padId(),
                        same)) {
            Map<String, Double> parts = trainer.evaluate(batch);
            assertEquals(0.0, parts.get(RecoveryTrainer.LOGIT));
            assertEquals(0.0, parts.get(RecoveryTrainer.HIDDEN));
            assertEquals(0.0, parts.get(RecoveryTrainer.HIDDEN_LAYERS));
            assertThat(parts.get(RecoveryTrainer.CE)).as("cross-entropy is not a distance to the teacher")
                    .isPositive();
            // the total is α·distill + (1−α)·CE with α = 0.5
            assertThat(parts.get("total")).isCloseTo(0.5 * parts.get(RecoveryTrainer.CE),
                    org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    /**
     * Both variant shapes: Short-LVLM (layers removed, a factored SCP delta folded into the trained copy) and a
     * width cut (adapters trained on narrowed weights, stored zero-padded in the base's coordinates).
     */
    @ParameterizedTest
    @ValueSource(strings = {"short-lvlm", "width"})
    void theRecoveredRecipeComputesWhatTheStudentComputedFactoredOrMerged(String shape) {
        try (PruneResult pruned = shape.equals("width") ? RecoveryFixtures.width(base)
                : RecoveryFixtures.shortLvlm(base);
                RecoveryRun run = RecoveryFixtures.recover(base, pruned,
                        RecoveryFixtures.quick(RecoveryRegime.LORA, "ce+hidden", 4))) {
            float[] student = logits(run.model());
            assertThat(student).as("training changed the outputs").isNotEqualTo(logits(pruned.variant()));
            RecoveryRun.Recovered r = run.toRecipe(base.model(), pruned.recipe(), pruned.tensors());
            assertThat(r.recipe().deltas()).anySatisfy(d -> assertThat(d.kind()).isEqualTo("lora"));
            try (LlavaModel factored = base.model().derive(r.recipe().withDeltaMode(DeltaMode.FACTORED),
                    r.tensors())) {
                assertClose(student, logits(factored));
                float[] factoredLogits = logits(factored);
                RecoveryRun.Recovered again = run.toRecipe(base.model(), pruned.recipe(), pruned.tensors());
                try (LlavaModel merged = base.model().derive(again.recipe().withDeltaMode(DeltaMode.MATERIALIZED),
                        again.tensors())) {
                    assertClose(factoredLogits, logits(merged));
                }
            }
        }
    }

    @Test
    void projectorAndFullRecoveriesRoundTripThroughTheRecipeToo() {
        for (RecoveryRegime regime : List.of(RecoveryRegime.PROJECTOR, RecoveryRegime.FULL)) {
            try (PruneResult pruned = RecoveryFixtures.width(base);
                    RecoveryRun run = RecoveryFixtures.recover(base, pruned,
                            RecoveryFixtures.quick(regime, "ce", 3))) {
                float[] student = logits(run.model());
                RecoveryRun.Recovered r = run.toRecipe(base.model(), pruned.recipe(), pruned.tensors());
                try (LlavaModel derived = base.model().derive(r.recipe(), r.tensors())) {
                    assertClose(student, logits(derived));
                }
            }
        }
    }

    /** fp32 rounding of a differently ordered sum, relative to the logits' scale. */
    static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertThat(worst).as("max |diff| against a scale of %s", scale).isLessThanOrEqualTo(1e-4 * scale + 1e-5);
    }
}
