package dev.lvlmserve.train;

/** Linear warm-up then cosine decay to {@code minRatio · peak} (transformers' cosine schedule with a floor). */
public record CosineSchedule(double peak, int warmupSteps, int totalSteps, double minRatio) {
    public double at(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress)));
        return peak * (minRatio + (1 - minRatio) * cosine);
    }
}
