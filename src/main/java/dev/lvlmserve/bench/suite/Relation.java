package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.SceneObject;

/**
 * Grid relations between two objects. "Left of" means the same row and a smaller column (any distance), "above" the
 * same column and a smaller row: on a 3×3 grid this keeps "what is directly left of X" unambiguous far more often
 * than CLEVR's half-plane reading, and never true in two directions at once.
 */
enum Relation {
    LEFT("left", "directly to the left of"),
    RIGHT("right", "directly to the right of"),
    ABOVE("above", "directly above"),
    BELOW("below", "directly below");

    private final String word;
    private final String phrase;

    Relation(String word, String phrase) {
        this.word = word;
        this.phrase = phrase;
    }

    /** One-word answer, e.g. {@code "left"}. */
    String word() {
        return word;
    }

    /** Prepositional phrase, e.g. {@code "directly to the left of"}. */
    String phrase() {
        return phrase;
    }

    /** True when {@code subject} is in this relation to {@code reference}. */
    boolean holds(SceneObject subject, SceneObject reference) {
        return switch (this) {
            case LEFT -> subject.row() == reference.row() && subject.col() < reference.col();
            case RIGHT -> subject.row() == reference.row() && subject.col() > reference.col();
            case ABOVE -> subject.col() == reference.col() && subject.row() < reference.row();
            case BELOW -> subject.col() == reference.col() && subject.row() > reference.row();
        };
    }
}
