package dev.lvlmserve.pruning.pass;

/**
 * One step of a prune (DESIGN §4, §8.6): it reads the model and the statistics in the {@link PassContext} and edits
 * the recipe there (removes layers, narrows layers, adds deltas), recording why in the report. A prune is a list of
 * passes ({@link Pipelines}); passes compose, e.g. layer removal then width, as Minitron and the study combine depth
 * and width. A pass never changes a tensor of the base.
 */
public interface PrunePass {
    /** A stable name for the report. */
    String name();

    void run(PassContext ctx);
}
