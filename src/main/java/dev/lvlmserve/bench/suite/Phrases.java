package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.SceneObject;
import java.util.ArrayList;
import java.util.List;

/** The English names of grid places and of small numbers, shared by every suite so the vocabulary stays closed. */
public final class Phrases {
    private static final String[][] CELLS = {
        {"top left", "top centre", "top right"},
        {"middle left", "centre", "middle right"},
        {"bottom left", "bottom centre", "bottom right"}
    };

    private Phrases() {}

    /** The name of a cell, e.g. {@code "top left"}, {@code "centre"}. */
    static String cell(int row, int col) {
        return CELLS[row][col];
    }

    public static String cell(SceneObject o) {
        return cell(o.row(), o.col());
    }

    /** All nine cell names, row-major. */
    public static List<String> cells() {
        List<String> names = new ArrayList<>();
        for (String[] row : CELLS) {
            names.addAll(List.of(row));
        }
        return names;
    }

    /** {@code "Is there exactly 1 circle"} / {@code "Are there exactly 3 circles"}: number agreement. */
    static String thereAreExactly(int n, String singular, String plural) {
        return n == 1 ? "Is there exactly 1 " + singular : "Are there exactly " + n + " " + plural;
    }
}
