package dev.lvlmserve.recovery;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.nn.Scalars;
import dev.lvlmserve.train.AdamW;
import dev.lvlmserve.train.Batches;
import dev.lvlmserve.train.CausalLmLoss;
import dev.lvlmserve.train.GradientStep;
import dev.lvlmserve.train.TrainingExample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One recovery step: the teacher (the base, no gradients — none of its tensors requires them) and the student read
 * the same batch; the loss is α·(logit KD + hidden KD) + (1−α)·CE over the parts the options name, and AdamW updates
 * the student's own tensors through the trainer's shared {@link GradientStep}. Without a distillation part the
 * teacher is not run at all.
 */
final class RecoveryTrainer implements AutoCloseable {
    static final String CE = "ce";
    static final String LOGIT = "logit";
    static final String HIDDEN = "hidden";
    static final String HIDDEN_LAYERS = "hidden_layers";

    private final LlavaModel teacher;
    private final Student student;
    private final RecoveryOptions options;
    private final long padId;
    private final Map<Integer, Integer> studentLayerOf; // base layer id → the student's id for it
    private final NDManager stateOwner;
    private final AdamW optimizer;

    /**
     * @param studentLayerOf for each base layer id in {@code options.hiddenLayers()}, the id the student's forward
     *     reports for that layer (the same id for a derived variant, its position for a renumbered export)
     */
    RecoveryTrainer(LlavaModel teacher, Student student, RecoveryOptions options, long padId,
            Map<Integer, Integer> studentLayerOf) {
        this.teacher = teacher;
        this.student = student;
        this.options = options;
        this.padId = padId;
        this.studentLayerOf = Map.copyOf(studentLayerOf);
        for (Student.Parameter p : student.parameters()) {
            if (!student.created(p.tensor())) { // the whole point: nothing shared ever requires gradients
                throw new IllegalStateException("recovery would train " + p.key() + ", which it did not create");
            }
        }
        this.stateOwner = student.model().manager().newSubManager();
        this.optimizer = new AdamW(List.of(), List.of(), 0.9, 0.999, 1e-8, options.weightDecay(), stateOwner);
        student.parameters().forEach(p -> optimizer.add(p.tensor(), p.decays(), p.lrScale()));
    }

    GradientStep.Outcome step(List<TrainingExample> batch, double lr) {
        Batches b = Batches.of(batch, padId);
        return GradientStep.run(optimizer, lr, options.gradClip(), () -> losses(b, batch));
    }

    /** The loss parts (and {@code total}) on held-out examples, without gradients. */
    Map<String, Double> evaluate(List<TrainingExample> batch) {
        Batches b = Batches.of(batch, padId);
        Map<String, Double> out = new LinkedHashMap<>();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            GradientStep.Losses l = losses(b, batch);
            out.put("total", (double) l.total().getFloat());
            l.parts().forEach((k, v) -> out.put(k, (double) v.getFloat()));
        }
        return out;
    }

    private GradientStep.Losses losses(Batches b, List<TrainingExample> batch) {
        LlavaModel s = student.model();
        NDManager m = s.manager();
        LayerOutputs studentLayers = new LayerOutputs(options.hiddenLayers().stream().map(studentLayerOf::get)
                .collect(java.util.stream.Collectors.toSet()));
        Batches.Forward sf = b.forward(s, batch, studentLayers);
        NDArray studentLogits = s.logits(sf.hidden());
        Map<String, NDArray> parts = new LinkedHashMap<>();
        RecoveryLoss loss = options.loss();
        if (loss.ce()) {
            parts.put(CE, CausalLmLoss.compute(studentLogits, b.labels(), m, true));
        }
        NDArray distill = null;
        if (loss.distills()) {
            LayerOutputs teacherLayers = new LayerOutputs(java.util.Set.copyOf(options.hiddenLayers()));
            Batches.Forward tf = b.forward(teacher, batch, teacherLayers);
            if (loss.logit()) {
                NDArray answers = PositionWeights.answers(b.labels(), m);
                parts.put(LOGIT, LogitDistillation.compute(studentLogits, teacher.logits(tf.hidden()), answers,
                        options.temperature()));
            }
            if (loss.hidden()) {
                NDArray positions = PositionWeights.answersAndImage(b.labels(), b.ids(),
                        s.config().imageTokenIndex(), m);
                parts.put(HIDDEN, HiddenDistillation.compute(sf.hidden(), tf.hidden(), positions));
                if (!options.hiddenLayers().isEmpty()) {
                    NDArray sum = null;
                    for (int layer : options.hiddenLayers()) {
                        NDArray l = HiddenDistillation.compute(studentLayers.get(studentLayerOf.get(layer)),
                                teacherLayers.get(layer), positions);
                        sum = sum == null ? l : sum.add(l);
                    }
                    parts.put(HIDDEN_LAYERS, sum.mul(Scalars.of(1f / options.hiddenLayers().size(), sum)));
                }
            }
            for (String k : List.of(LOGIT, HIDDEN, HIDDEN_LAYERS)) {
                if (parts.containsKey(k)) {
                    distill = distill == null ? parts.get(k) : distill.add(parts.get(k));
                }
            }
        }
        NDArray total;
        if (distill != null && loss.ce()) {
            float a = options.alpha().floatValue();
            total = distill.mul(Scalars.of(a, distill)).add(parts.get(CE).mul(Scalars.of(1 - a, distill)));
        } else {
            total = distill != null ? distill : parts.get(CE);
        }
        return new GradientStep.Losses(total, parts);
    }

    @Override
    public void close() {
        stateOwner.close();
    }
}
