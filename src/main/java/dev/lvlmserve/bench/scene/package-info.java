/**
 * Synthetic scenes for the self-made benchmarks: a 3×3 grid holding 1–6 coloured shapes.
 *
 * <p>Legend:
 *
 * <ul>
 *   <li>{@link dev.lvlmserve.bench.scene.Scene} — the scene graph, the single source of truth for every answer.
 *   <li>{@link dev.lvlmserve.bench.scene.SceneObject} — one shape in one cell; row 0 is the top, col 0 the left.
 *   <li>{@link dev.lvlmserve.bench.scene.SceneGenerator} — seeded, deterministic draws; no global state.
 *   <li>{@link dev.lvlmserve.bench.scene.SceneRenderer} — scene → crisp RGB image → byte-identical PNG.
 * </ul>
 *
 * <p>The visual world is deliberately small (4 shapes, 6 colours, 2 sizes, 9 cells) so that a tiny LLaVA (ViT on
 * 64×64 images, patch 8) can learn it on two CPU cores in well under an hour.
 */
package dev.lvlmserve.bench.scene;
