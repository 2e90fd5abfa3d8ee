package dev.lvlmserve.model.io;

import java.util.Collection;
import java.util.stream.Collectors;

/** Formats key lists for error messages: complete enough to act on, capped so a wrong model id stays readable. */
final class KeyListing {
    static final int MAX_LISTED = 20;

    private KeyListing() {}

    /** {@code "a, b, c"}, or the first {@value #MAX_LISTED} followed by {@code "... and N more"}. */
    static String of(Collection<String> items) {
        return of(items, MAX_LISTED);
    }

    static String of(Collection<String> items, int max) {
        String shown = items.stream().limit(max).collect(Collectors.joining(", "));
        int rest = items.size() - max;
        return rest > 0 ? shown + ", ... and " + rest + " more" : shown;
    }
}
