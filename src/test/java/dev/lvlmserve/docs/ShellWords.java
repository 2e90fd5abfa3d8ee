package dev.lvlmserve.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Just enough of the shell's word splitting to read a documented command: quotes, escapes, comments, operators. */
final class ShellWords {
    private static final Set<String> OPERATORS = Set.of("|", "||", "&&", ";", "&", ">", ">>", "2>", "2>&1", "<");

    private ShellWords() {}

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (c == '\\' && i + 1 < line.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(line.charAt(++i));
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** The words of one command: up to the first pipe, list operator or redirection. */
    static List<String> untilOperator(List<String> words) {
        List<String> command = new ArrayList<>();
        for (String w : words) {
            if (OPERATORS.contains(w) || w.startsWith(">") || w.startsWith("2>")) {
                break;
            }
            command.add(w);
        }
        return command;
    }
}
