package dev.lvlmserve.serving.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IncrementalDecoderTest {
    @Test
    void emitsWhatEachTokenAddsIncludingSpacing() {
        String[] words = {"", "red", "car", "left"};
        IncrementalDecoder d = new IncrementalDecoder(ids -> Arrays.stream(ids).mapToObj(i -> words[(int) i])
                .collect(Collectors.joining(" ")));
        assertThat(d.push(1)).isEqualTo("red");
        assertThat(d.push(2)).isEqualTo(" car");
        assertThat(d.push(3)).isEqualTo(" left");
    }

    @Test
    void holdsBackWhileTheDecodedPrefixChanges() {
        String[] outputs = {"a", "b", "bc"}; // the second token rewrites the first character
        int[] call = {0};
        IncrementalDecoder d = new IncrementalDecoder(ids -> outputs[call[0]++]);
        assertThat(d.push(1)).isEqualTo("a");
        assertThat(d.push(2)).isEmpty();
        assertThat(d.push(3)).isEmpty();
    }
}
