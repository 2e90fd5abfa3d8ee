/**
 * Synthetic benchmark suites that mirror the formats and metrics of the Short-LVLM paper's benchmarks, named
 * "-style" because only the form is borrowed, never the data.
 *
 * <p>Legend:
 *
 * <ul>
 *   <li>{@link dev.lvlmserve.bench.suite.BenchmarkSuite} — name, deterministic samples per {@link
 *       dev.lvlmserve.bench.suite.Split}, and scoring; {@link dev.lvlmserve.bench.suite.Suites} lists them.
 *   <li>{@link dev.lvlmserve.bench.suite.Sample} — scene, prompt (LLaVA eval suffix included), options, exact target
 *       text, metadata. Answers are computed from the scene graph, never from pixels.
 *   <li>{@link dev.lvlmserve.bench.suite.SuiteScore} — headline in 0..100 plus details: pope F1; mme
 *       (acc + acc+)/2 averaged over subtasks; mmbench CircularEval accuracy; seed, aokvqa, scienceqa accuracy;
 *       vqa exact match.
 *   <li>{@link dev.lvlmserve.bench.suite.AnswerParser} — generated text → yes/no, option letter, normalised answer.
 *   <li>{@link dev.lvlmserve.bench.suite.Vocabulary} — the closed word list and the pre-tokenizer.
 * </ul>
 *
 * <p>Generation: {@code GeneratedSuite} seeds item i of (suite, split) from a hash of the three, draws scenes owned
 * by that split until the suite can ask an unambiguous question, and cycles question kinds over items so they stay
 * balanced. Each suite class documents its kinds and metric.
 */
package dev.lvlmserve.bench.suite;
