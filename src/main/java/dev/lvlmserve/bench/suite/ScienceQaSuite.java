package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * ScienceQA-IMG-style multiple choice whose answer needs both the text context and the image: the context states a
 * made-up rule ("Red and blue objects are hot. All other objects are cold."), the question names objects without
 * the attribute the rule is about (by place, or by the other attributes), so neither the text nor the image alone
 * answers it. Rules are on colour, shape or size (cycled); questions ask either "Is the X hot or cold?" (two options)
 * or "Which object is hot?" (two to four options, exactly one true).
 *
 * <p>Headline: accuracy in percent; details per rule attribute.
 */
final class ScienceQaSuite extends GeneratedSuite {
    static final String RULE = "scienceqa.rule";
    static final String[][] PROPERTIES = {{"hot", "cold"}, {"heavy", "light"}, {"soft", "hard"}, {"wet", "dry"}};

    ScienceQaSuite() {
        super("scienceqa", 1, 1);
    }

    @Override
    Optional<List<Draft>> compose(Scene scene, int item, SplittableRandom random) {
        var attributes = ScienceRule.Attribute.values();
        ScienceRule.Attribute attribute = attributes[item % attributes.length];
        boolean which = (item / attributes.length) % 2 == 1;
        // Fixed by the item, not drawn: a coin redrawn with each rejected scene would favour the easier side.
        boolean askRuleProperty = (item / (2 * attributes.length)) % 2 == 0;
        List<String> pair = Choice.shuffled(List.of(PROPERTIES[random.nextInt(PROPERTIES.length)]), random);
        ScienceRule rule = ScienceRule.draw(attribute, scene, pair.get(0), pair.get(1), random);
        var metadata =
                Map.of(RULE, attribute.name().toLowerCase(Locale.ROOT), "scienceqa.form", which ? "which" : "binary");
        String wanted = askRuleProperty ? rule.property() : rule.otherwise();
        Optional<String[]> asked = which ? whichIs(rule, wanted, scene, random) : binary(rule, wanted, scene, random);
        return asked.map(qa -> {
            String prompt = "Context: " + rule.context() + "\nQuestion: " + qa[0];
            Choice choice = Choice.of(qa[1], List.of(qa).subList(2, qa.length), List.of(), qa.length - 1, random)
                    .orElseThrow();
            return List.of(Draft.choice(prompt, choice, metadata));
        });
    }

    /**
     * {question, answer, distractors...}: "Is the object in the top left hot or cold?". The answer property is
     * chosen first, so it is 50/50 and the rule text alone does not predict it.
     */
    private static Optional<String[]> binary(ScienceRule rule, String wanted, Scene scene, SplittableRandom random) {
        List<SceneObject> having = SceneQueries.matching(scene, o -> rule.propertyOf(o).equals(wanted));
        if (having.isEmpty()) {
            return Optional.empty();
        }
        SceneObject o = having.get(random.nextInt(having.size()));
        String name = rule.describesUniquely(o, scene) && random.nextBoolean()
                ? rule.describe(o)
                : "object in the " + Phrases.cell(o);
        List<String> order = Choice.shuffled(List.of(rule.property(), rule.otherwise()), random);
        String answer = rule.propertyOf(o);
        String other = answer.equals(rule.property()) ? rule.otherwise() : rule.property();
        String question = "Is the " + name + " " + order.get(0) + " or " + order.get(1) + "?";
        return Optional.of(new String[] {question, answer, other});
    }

    /** "Which object is hot?" over objects the rule's descriptor names uniquely; exactly one option has it. */
    private static Optional<String[]> whichIs(ScienceRule rule, String wanted, Scene scene, SplittableRandom r) {
        List<SceneObject> named = SceneQueries.matching(scene, o -> rule.describesUniquely(o, scene));
        List<SceneObject> yes = named.stream().filter(o -> rule.propertyOf(o).equals(wanted)).toList();
        List<String> no = Choice.shuffled(
                named.stream().filter(o -> !rule.propertyOf(o).equals(wanted)).map(rule::describe).toList(), r);
        if (yes.isEmpty() || no.isEmpty()) {
            return Optional.empty();
        }
        SceneObject answer = yes.get(r.nextInt(yes.size()));
        String[] qa = new String[2 + Math.min(Options.FOUR - 1, no.size())];
        qa[0] = "Which object is " + wanted + "?";
        qa[1] = rule.describe(answer);
        for (int i = 2; i < qa.length; i++) {
            qa[i] = no.get(i - 2);
        }
        return Optional.of(qa);
    }

    @Override
    public SuiteScore score(List<Sample> samples, List<String> predictions) {
        return Scoring.accuracyBy(name(), samples, predictions, RULE);
    }
}
