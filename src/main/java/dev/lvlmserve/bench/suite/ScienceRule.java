package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.Colour;
import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneObject;
import dev.lvlmserve.bench.scene.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A made-up rule for {@link ScienceQaSuite}: objects whose attribute value is in {@code values} have
 * {@code property}, all others {@code otherwise}. Objects are described without the rule's attribute, so reading
 * the rule never gives the answer away.
 */
record ScienceRule(Attribute attribute, List<String> values, String property, String otherwise) {
    enum Attribute {
        COLOUR,
        SHAPE,
        SIZE
    }

    /** One or two values, the first taken from the scene so that the rule applies to at least one object. */
    static ScienceRule draw(Attribute attribute, Scene scene, String property, String otherwise, SplittableRandom r) {
        SceneObject seen = scene.objects().get(r.nextInt(scene.objects().size()));
        List<String> values = new ArrayList<>(List.of(valueOf(attribute, seen)));
        List<String> all = switch (attribute) {
            case COLOUR -> Arrays.stream(Colour.values()).map(Colour::word).toList();
            case SHAPE -> Arrays.stream(Shape.values()).map(Shape::word).toList();
            case SIZE -> List.of(); // "Large objects are X" — a second size would cover every object
        };
        List<String> rest = all.stream().filter(v -> !values.contains(v)).toList();
        if (!rest.isEmpty() && r.nextBoolean()) {
            values.add(rest.get(r.nextInt(rest.size())));
        }
        return new ScienceRule(attribute, values, property, otherwise);
    }

    private static String valueOf(Attribute attribute, SceneObject o) {
        return switch (attribute) {
            case COLOUR -> o.colour().word();
            case SHAPE -> o.shape().word();
            case SIZE -> o.size().word();
        };
    }

    String propertyOf(SceneObject o) {
        return values.contains(valueOf(attribute, o)) ? property : otherwise;
    }

    /** "Red and blue objects are hot. All other objects are cold." */
    String context() {
        List<String> names = values.stream()
                .map(v -> attribute == Attribute.SHAPE ? Shape.valueOf(v.toUpperCase(Locale.ROOT)).plural() : v)
                .toList();
        String subject = String.join(" and ", names) + (attribute == Attribute.SHAPE ? "" : " objects");
        subject = Character.toUpperCase(subject.charAt(0)) + subject.substring(1);
        return subject + " are " + property + ". All other objects are " + otherwise + ".";
    }

    /** A noun phrase without the rule's attribute: "large circle", "small red object", "red circle". */
    String describe(SceneObject o) {
        return switch (attribute) {
            case COLOUR -> o.size().word() + " " + o.shape().word();
            case SHAPE -> o.size().word() + " " + o.colour().word() + " object";
            case SIZE -> o.colour().word() + " " + o.shape().word();
        };
    }

    boolean describesUniquely(SceneObject o, Scene scene) {
        return SceneQueries.count(scene, p -> describe(p).equals(describe(o))) == 1;
    }
}
