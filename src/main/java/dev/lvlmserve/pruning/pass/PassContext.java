package dev.lvlmserve.pruning.pass;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.recipe.DeltaMode;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.model.recipe.VariantRecipe;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.ProgressListener;
import dev.lvlmserve.pruning.calibration.CalibrationSample;
import dev.lvlmserve.pruning.calibration.CalibrationSource;
import dev.lvlmserve.pruning.calibration.CalibrationStats;
import dev.lvlmserve.pruning.calibration.Calibrator;
import dev.lvlmserve.pruning.calibration.CaptureSpec;
import dev.lvlmserve.pruning.width.UnitScores;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the passes of one prune share: the base model (read only), the calibration source, the recipe being built and
 * the tensors it names (owned here until the variant takes them), the statistics passes leave for later ones, and
 * the report draft. Statistics are computed once and reused: the layer scores' calibration pass also captures SCP's
 * features when they fit, and one pass over the samples serves every statistic a {@link CaptureSpec} asks for.
 */
public final class PassContext implements AutoCloseable {
    private final LlavaModel base;
    private final CalibrationSource source;
    private final ProgressListener progress;
    private final BooleanSupplier cancelled;
    private final StageTimer timer = new StageTimer();
    private final NDManager tensorOwner;
    private final Map<String, NDArray> tensors = new LinkedHashMap<>();
    private final ReportDraft report = new ReportDraft();
    private VariantRecipe recipe;
    private List<CalibrationSample> samples;
    private String drawn; // "n/seed" of the samples
    private LlavaModel current;
    private VariantRecipe currentRecipe;

    /** Statistics of the layer-scoring pass (null until it ran, or when the method does not score). */
    CalibrationStats layerStats;
    /** Importance of heads and neurons by layer, from the width-importance pass. */
    Map<Integer, UnitScores> widthScores;

    public PassContext(LlavaModel base, VariantRecipe start, CalibrationSource source, ProgressListener progress,
            BooleanSupplier cancelled) {
        this.base = base;
        this.recipe = start;
        this.source = source;
        this.progress = progress;
        this.cancelled = cancelled;
        this.tensorOwner = base.manager().newSubManager();
    }

    public LlavaModel base() {
        return base;
    }

    /**
     * The base with the recipe so far applied (deltas materialized), for passes that score a model already
     * changed by earlier passes; the base itself while the recipe is empty. Owned here.
     */
    public LlavaModel current() {
        if (recipe.isEmpty()) {
            return base;
        }
        if (current == null || !recipe.equals(currentRecipe)) {
            closeCurrent();
            current = base.derive(recipe.withDeltaMode(DeltaMode.MATERIALIZED), RecipeTensors.borrowed(tensors));
            currentRecipe = recipe;
        }
        return current;
    }

    public VariantRecipe recipe() {
        return recipe;
    }

    public void edit(VariantRecipe next) {
        recipe = next;
    }

    /** Where a pass allocates the tensors its edits name; they stay alive until the variant is closed. */
    public NDManager tensorOwner() {
        return tensorOwner;
    }

    public void addTensors(Map<String, NDArray> more) {
        tensors.putAll(more);
    }

    public Map<String, NDArray> tensors() {
        return tensors;
    }

    public ReportDraft report() {
        return report;
    }

    /** The calibration samples for (n, seed), drawn once; a clear error when the source has none. */
    public List<CalibrationSample> samples(int n, long seed) {
        String key = n + "/" + seed;
        if (!key.equals(drawn)) {
            samples = timer.time("draw", () -> source.draw(n, seed));
            drawn = key;
            if (samples.isEmpty()) {
                throw new IllegalArgumentException("the calibration set is empty: " + source.describe()
                        + " gave no samples");
            }
        }
        return samples;
    }

    /** The samples drawn last (for the calibration hash), or null when no pass needed any. */
    public List<CalibrationSample> drawnSamples() {
        return samples;
    }

    /** One calibration pass over {@code model}, timed as {@code stage}. */
    public CalibrationStats calibrate(LlavaModel model, List<CalibrationSample> s, CaptureSpec spec, String stage) {
        return timer.time(stage, () -> new Calibrator(progress, cancelled).run(model, s, spec, stage));
    }

    public <T> T time(String stage, Supplier<T> work) {
        return timer.time(stage, work);
    }

    public StageTimer timer() {
        return timer;
    }

    public ProgressListener progress() {
        return progress;
    }

    public BooleanSupplier cancelled() {
        return cancelled;
    }

    public void checkCancelled(String stage) {
        Cancellation.check(cancelled, stage);
    }

    /** The recipe's tensors, handed over to the variant (which then owns and frees them). */
    public RecipeTensors handOverTensors() {
        return new RecipeTensors(tensorOwner, tensors);
    }

    private void closeCurrent() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    /** Frees the intermediate model; the recipe tensors only when {@code freeTensors} (a failed prune). */
    public void close(boolean freeTensors) {
        closeCurrent();
        if (freeTensors) {
            tensorOwner.close();
        }
    }

    @Override
    public void close() {
        close(true);
    }
}
