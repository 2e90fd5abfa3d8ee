package dev.lvlmserve.pruning.pass;

import dev.lvlmserve.pruning.compensation.ScpTarget;
import dev.lvlmserve.pruning.plan.CompensationRecord;
import dev.lvlmserve.pruning.plan.LayerScore;
import dev.lvlmserve.pruning.plan.WidthBudget;
import dev.lvlmserve.pruning.scoring.TokenSelection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the passes found so far, for the {@link dev.lvlmserve.pruning.plan.PruningPlan} report. */
public final class ReportDraft {
    List<Integer> candidates = List.of();
    TokenSelection scoredBy;
    List<LayerScore> layerScores = List.of();
    ScpTarget scpTarget;
    final List<CompensationRecord> compensation = new ArrayList<>();
    final Map<String, Double> metrics = new LinkedHashMap<>();
    WidthBudget width;
    final List<String> passes = new ArrayList<>();

    public List<Integer> candidates() {
        return candidates;
    }

    public TokenSelection scoredBy() {
        return scoredBy;
    }

    public List<LayerScore> layerScores() {
        return layerScores;
    }

    public ScpTarget scpTarget() {
        return scpTarget;
    }

    public List<CompensationRecord> compensation() {
        return compensation;
    }

    public Map<String, Double> metrics() {
        return metrics;
    }

    public WidthBudget width() {
        return width;
    }

    /** The passes that ran, in order. */
    public List<String> passes() {
        return passes;
    }
}
