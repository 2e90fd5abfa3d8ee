package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.ObjectType;
import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneGenerator;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * POPE-style object probing: "Is there a red circle in the image?", half yes, half no.
 *
 * <p>Negatives follow POPE's three samplings, cycled over items so the subsets have equal size: <b>random</b> (any
 * absent type), <b>popular</b> (one of the three most frequent absent types under the generator's prior, which is
 * the dataset frequency in expectation) and <b>adversarial</b> (an absent type sharing a colour or a shape with a
 * present object — our stand-in for POPE's "co-occurs with a ground-truth object").
 *
 * <p>Headline: F1 with "yes" as positive, in percent. Unparseable answers count as the wrong answer.
 */
final class PopeSuite extends GeneratedSuite {
    static final String CATEGORY = "pope.category";
    static final String OBJECT = "pope.object";

    enum Category {
        RANDOM,
        POPULAR,
        ADVERSARIAL
    }

    PopeSuite() {
        super("pope", 1, 1);
    }

    @Override
    Optional<List<Draft>> compose(Scene scene, int item, SplittableRandom random) {
        Category category = Category.values()[item % 3];
        boolean positive = (item / 3) % 2 == 0;
        List<ObjectType> candidates = positive ? SceneQueries.presentTypes(scene) : negatives(scene, category);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        ObjectType type = candidates.get(random.nextInt(candidates.size()));
        String question = "Is there a " + type.phrase() + " in the image?";
        var metadata = Map.of(CATEGORY, category.name().toLowerCase(Locale.ROOT), OBJECT, type.phrase());
        return Optional.of(List.of(Draft.open(question, positive ? "yes" : "no", metadata)));
    }

    private static List<ObjectType> negatives(Scene scene, Category category) {
        List<ObjectType> absent = SceneQueries.absentTypes(scene);
        return switch (category) {
            case RANDOM -> absent;
            case POPULAR -> absent.stream()
                    .sorted(Comparator.comparingDouble(
                                    (ObjectType t) -> SceneGenerator.typeFrequency(t.colour(), t.shape()))
                            .reversed())
                    .limit(3)
                    .toList();
            case ADVERSARIAL -> SceneQueries.nearMisses(scene);
        };
    }

    @Override
    public SuiteScore score(List<Sample> samples, List<String> predictions) {
        Scoring.checkAligned(samples, predictions);
        var overall = BinaryCounts.EMPTY;
        Map<String, BinaryCounts> byCategory = new HashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            boolean gold = samples.get(i).answer().equals("yes");
            boolean said = AnswerParser.yesNo(predictions.get(i)).orElse(!gold);
            overall = overall.add(gold, said);
            byCategory.merge(
                    samples.get(i).metadata().get(CATEGORY), BinaryCounts.EMPTY.add(gold, said), BinaryCounts::plus);
        }
        Map<String, Double> details = new HashMap<>(report("", overall));
        byCategory.forEach((category, counts) -> details.putAll(report(category + ".", counts)));
        return new SuiteScore(name(), "f1", 100 * overall.f1(), details, samples.size());
    }

    private static Map<String, Double> report(String prefix, BinaryCounts c) {
        return Map.of(
                prefix + "accuracy", 100 * c.accuracy(),
                prefix + "precision", 100 * c.precision(),
                prefix + "recall", 100 * c.recall(),
                prefix + "f1", 100 * c.f1(),
                prefix + "yes_ratio", 100 * c.yesRatio());
    }
}
