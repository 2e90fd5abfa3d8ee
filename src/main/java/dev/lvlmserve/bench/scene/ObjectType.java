package dev.lvlmserve.bench.scene;

import java.util.ArrayList;
import java.util.List;

/** A colour–shape pair, the unit POPE and most questions talk about ("red circle"); size and place aside. */
public record ObjectType(Colour colour, Shape shape) {
    /** All 24 types, colour-major. */
    public static List<ObjectType> all() {
        List<ObjectType> types = new ArrayList<>();
        for (Colour c : Colour.values()) {
            for (Shape s : Shape.values()) {
                types.add(new ObjectType(c, s));
            }
        }
        return types;
    }

    public static ObjectType of(SceneObject o) {
        return new ObjectType(o.colour(), o.shape());
    }

    public boolean matches(SceneObject o) {
        return o.colour() == colour && o.shape() == shape;
    }

    /** The noun phrase, e.g. {@code "red circle"}. */
    public String phrase() {
        return colour.word() + " " + shape.word();
    }
}
