package dev.lvlmserve.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Keeps the documentation honest: every {@code ./lvlm-serve} command shown in a shell block of a Markdown file parses
 * with the real command line (so every command and option it names exists), and every relative link resolves to a
 * file inside the repository.
 */
class DocumentationTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*([A-Za-z]*)\\s*$");

    @Test
    void everyShownCommandParses() throws IOException {
        List<String> failures = new ArrayList<>();
        int parsed = 0;
        for (Path doc : markdownFiles()) {
            for (Shown shown : shellCommands(doc)) {
                List<String> args = ShellWords.split(shown.line());
                int at = args.indexOf("./lvlm-serve");
                while (at >= 0) {
                    List<String> command = ShellWords.untilOperator(args.subList(at + 1, args.size()));
                    if (!isServerInvocation(command)) {
                        parsed++;
                        try {
                            Cli.commandLine().parseArgs(command.toArray(String[]::new));
                        } catch (CommandLine.ParameterException e) {
                            failures.add(ROOT.relativize(doc) + ":" + shown.lineNumber() + ": " + e.getMessage()
                                    + "\n    " + shown.line());
                        }
                    }
                    int next = args.subList(at + 1, args.size()).indexOf("./lvlm-serve");
                    at = next < 0 ? -1 : at + 1 + next;
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(parsed >= 5, "the README shows the tool's commands; parsed only " + parsed);
    }

    @Test
    void everyCommandsHelpEndsWithAnExampleThatParses() {
        List<String> failures = new ArrayList<>();
        List<CommandLine> commands = new ArrayList<>(List.of(Cli.commandLine()));
        for (int i = 0; i < commands.size(); i++) {
            CommandLine command = commands.get(i);
            command.getSubcommands().values().stream()
                    .filter(c -> !(c.getCommand() instanceof CommandLine.HelpCommand))
                    .distinct()
                    .forEach(commands::add);
            String name = command.getCommandSpec().qualifiedName();
            // the footer as written (the rendered help wraps long lines at the terminal width)
            List<String> examples = Stream.of(command.getCommandSpec().usageMessage().footer())
                    .filter(l -> l.startsWith("Example: ./lvlm-serve "))
                    .toList();
            if (examples.isEmpty()) {
                failures.add(name + ": no 'Example: ./lvlm-serve ...' line in --help");
            }
            for (String example : examples) {
                List<String> args = ShellWords.split(example.substring("Example: ./lvlm-serve ".length()));
                try {
                    Cli.commandLine().parseArgs(args.toArray(String[]::new));
                } catch (CommandLine.ParameterException e) {
                    failures.add(name + ": " + e.getMessage() + "\n    " + example);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(commands.size() > 10, "found only " + commands.size() + " commands");
    }

    @Test
    void everyRelativeLinkResolvesInsideTheRepository() throws IOException {
        List<String> failures = new ArrayList<>();
        for (Path doc : markdownFiles()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = LINK.matcher(lines.get(i));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                        continue; // http(s), mailto: the repository cannot check them
                    }
                    String file = target.replaceFirst("#.*$", "");
                    String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                    Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                    if (!resolved.startsWith(ROOT)) {
                        failures.add(where(doc, i) + ": leaves the repository: " + target);
                    } else if (!Files.exists(resolved)) {
                        failures.add(where(doc, i) + ": no such file: " + target);
                    } else if (anchor != null && resolved.toString().endsWith(".md")
                            && !headingAnchors(resolved).contains(anchor)) {
                        failures.add(where(doc, i) + ": no heading for #" + anchor + " in " + ROOT.relativize(resolved));
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void theCheckersSeeWhatTheyShouldSee() throws IOException {
        assertEquals(List.of("prune", "--ratio", "0.3", "--question", "a b"),
                ShellWords.untilOperator(ShellWords.split("prune --ratio 0.3 --question \"a b\" | tail -1")));
        assertEquals(List.of("x", "it's"), ShellWords.split("x 'it'\"'\"'s' # comment"));
        Matcher m = LINK.matcher("see [a](docs/x.md#y) and [b](https://e.org)");
        assertTrue(m.find() && m.group(1).equals("docs/x.md#y"));
        assertEquals(List.of("the-two-commands", "gpu-and-fp16", "gpu-and-fp16-1"),
                headingAnchors(write("# The two commands\n```bash\n# not a heading\n```\n## GPU and fp16\n## GPU, and fp16\n")));
        var bad = Cli.commandLine();
        assertTrue(throwsParameterException(bad, "answer", "--no-such-option", "1"));
        assertTrue(throwsParameterException(Cli.commandLine(), "no-such-command"));
    }

    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    private Path write(String markdown) throws IOException {
        return Files.writeString(tmp.resolve("doc.md"), markdown);
    }

    private static boolean throwsParameterException(CommandLine cli, String... args) {
        try {
            cli.parseArgs(args);
            return false;
        } catch (CommandLine.ParameterException e) {
            return true;
        }
    }

    /** No arguments, {@code serve} or Spring-style properties start the server (see {@code Main}). */
    private static boolean isServerInvocation(List<String> command) {
        return command.isEmpty() || command.getFirst().equals("serve")
                || command.getFirst().startsWith("--") && !command.getFirst().matches("--(help|version)");
    }

    private record Shown(int lineNumber, String line) {}

    /** Lines of shell code blocks, with backslash continuations joined. */
    private static List<Shown> shellCommands(Path doc) throws IOException {
        List<Shown> shown = new ArrayList<>();
        List<String> lines = Files.readAllLines(doc);
        boolean inShell = false;
        boolean inBlock = false;
        StringBuilder pending = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                inShell = !inBlock && fence.group(1).matches("bash|sh|shell|console|");
                inBlock = !inBlock;
                continue;
            }
            if (!inShell) {
                continue;
            }
            String text = line.replaceFirst("^\\s*\\$ ", "");
            if (pending == null) {
                pending = new StringBuilder();
                start = i + 1;
            }
            if (text.endsWith("\\")) {
                pending.append(text, 0, text.length() - 1).append(' ');
                continue;
            }
            pending.append(text);
            shown.add(new Shown(start, pending.toString().trim()));
            pending = null;
        }
        return shown;
    }

    private static List<Path> markdownFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> {
                        String rel = ROOT.relativize(p).toString();
                        return !rel.startsWith("target") && !rel.startsWith(".git") && !rel.contains("node_modules");
                    })
                    .sorted()
                    .toList();
        }
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
    static List<String> headingAnchors(Path doc) throws IOException {
        List<String> anchors = new ArrayList<>();
        boolean inBlock = false;
        for (String line : Files.readAllLines(doc)) {
            if (FENCE.matcher(line).matches()) {
                inBlock = !inBlock;
            }
            if (inBlock || !line.startsWith("#")) {
                continue;
            }
            String slug = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(java.util.Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            String unique = slug;
            for (int n = 1; anchors.contains(unique); n++) {
                unique = slug + "-" + n;
            }
            anchors.add(unique);
        }
        return anchors;
    }

    private static String where(Path doc, int index) {
        return ROOT.relativize(doc) + ":" + (index + 1);
    }
}
