package dev.lvlmserve.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (decoupled weight decay, as {@code torch.optim.AdamW}) over a fixed list of parameters. Updates run in
 * place with gradient mode off — outside any NDScope, as DJL requires — and zero the gradients afterwards, since
 * libtorch accumulates them.
 */
public final class AdamW {
    private final List<NDArray> params;
    private final List<Boolean> decay;
    private final List<Double> lrScales = new ArrayList<>();
    private final NDManager stateOwner;
    private final List<NDArray> m1 = new ArrayList<>();
    private final List<NDArray> m2 = new ArrayList<>();
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private int step;

    /** @param decay per parameter: whether weight decay applies (not to norms, biases, embeddings' norms) */
    public AdamW(List<NDArray> params, List<Boolean> decay, double beta1, double beta2, double eps,
            double weightDecay, NDManager stateOwner) {
        this.params = new ArrayList<>(params);
        this.decay = new ArrayList<>(decay);
        this.stateOwner = stateOwner;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        for (NDArray p : params) {
            addMoments(p);
            lrScales.add(1.0);
        }
    }

    /** Adds a parameter before the first step (a training-only head created after the optimizer). */
    public void add(NDArray param, boolean decays) {
        add(param, decays, 1.0);
    }

    /**
     * Adds a parameter whose Adam update (not its weight decay) is scaled by {@code lrScale}: LoRA's B trained as
     * s·B with its learning rate times s follows the same path as PEFT's B under the scale s = α/r (Adam's update does
     * not depend on the gradient's scale), so an adapter can be stored with scale 1.
     */
    public void add(NDArray param, boolean decays, double lrScale) {
        if (step > 0) {
            throw new IllegalStateException("parameters can only be added before the first step");
        }
        params.add(param);
        decay.add(decays);
        lrScales.add(lrScale);
        addMoments(param);
    }

    private void addMoments(NDArray p) {
        m1.add(stateOwner.zeros(p.getShape(), p.getDataType(), p.getDevice()));
        m2.add(stateOwner.zeros(p.getShape(), p.getDataType(), p.getDevice()));
    }

    /** One update with learning rate {@code lr}; gradients are clipped to a global L2 norm of {@code clip}. */
    public double step(double lr, double clip) {
        step++;
        List<NDArray> grads = new ArrayList<>();
        double sq = 0;
        for (NDArray p : params) {
            NDArray g = p.getGradient();
            grads.add(g);
            try (NDArray g2 = g.square();
                    NDArray s = g2.sum()) {
                sq += s.getFloat();
            }
        }
        double norm = Math.sqrt(sq);
        float scale = (float) (clip > 0 && norm > clip ? clip / norm : 1.0);
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        // Every temporary is closed by hand: results of ops attach to the parameter's (long-lived) manager.
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            NDArray g = grads.get(i);
            if (scale != 1f) {
                g.muli(scale);
            }
            try (NDArray scaled = g.mul((float) (1 - beta1))) {
                m1.get(i).muli((float) beta1).addi(scaled);
            }
            try (NDArray g2 = g.square()) {
                g2.muli((float) (1 - beta2));
                m2.get(i).muli((float) beta2).addi(g2);
            }
            if (decay.get(i) && weightDecay > 0) {
                p.muli((float) (1 - lr * weightDecay));
            }
            try (NDArray v = m2.get(i).div((float) bc2);
                    NDArray denom = v.sqrt()) {
                denom.addi((float) eps);
                try (NDArray update = m1.get(i).div(denom)) {
                    update.muli((float) (lr * lrScales.get(i) / bc1));
                    p.subi(update);
                }
            }
            g.muli(0f); // libtorch accumulates gradients; start the next step from zero
            g.close(); // only this handle; the gradient tensor lives on with its parameter
        }
        return norm;
    }
}
