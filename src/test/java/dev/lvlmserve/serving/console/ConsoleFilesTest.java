package dev.lvlmserve.serving.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's files keep the promises its Content-Security-Policy makes (a browser would refuse anything else,
 * but quietly, with a broken page): no inline script or style, no event-handler attributes, no {@code javascript:}
 * URLs, nothing fetched from another origin, no markup built from strings, and every module a page imports exists.
 */
class ConsoleFilesTest {
    static final Path ROOT = Path.of("src/main/resources/static/console");

    static List<Path> files(String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void pagesHaveNoInlineScriptsStylesOrHandlers() throws IOException {
        List<Path> pages = files(".html");
        assertThat(pages).isNotEmpty();
        for (Path page : pages) {
            String html = read(page);
            Matcher script = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
            int scripts = 0;
            while (script.find()) {
                scripts++;
                assertThat(script.group(1)).as(page + ": a script loads a file").contains("src=");
                assertThat(script.group(2).strip()).as(page + ": a script has no body").isEmpty();
            }
            assertThat(scripts).as(page + " loads its modules").isPositive();
            assertThat(html).as(page.toString()).doesNotContainPattern("(?i)<style\\b")
                    .doesNotContainPattern("(?i)\\sstyle\\s*=")
                    .doesNotContainPattern("(?i)\\son[a-z]+\\s*=")
                    .doesNotContainPattern("(?i)javascript:")
                    .doesNotContainPattern("(?i)(src|href)\\s*=\\s*\"(https?:)?//");
        }
    }

    @Test
    void scriptsLoadNothingFromElsewhereAndBuildNoMarkupFromStrings() throws IOException {
        List<Path> scripts = files(".js");
        assertThat(scripts).hasSizeGreaterThan(5);
        for (Path js : scripts) {
            String code = withoutCommentLines(read(js));
            assertThat(code).as(js.toString())
                    .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                            "new Function", "localStorage", "document.cookie")
                    .doesNotContainPattern("\\bsetAttribute\\(\\s*\"style\"")
                    .doesNotContainPattern("(fetch|import)\\s*\\(\\s*[\"'`](https?:)?//")
                    .doesNotContainPattern("from\\s+[\"'](https?:)?//");
        }
        for (Path css : files(".css")) {
            assertThat(read(css)).as(css.toString()).doesNotContainPattern("url\\(\\s*[\"']?(https?:)?//")
                    .doesNotContain("@import");
        }
    }

    /** The code without its whole-line comments (which may name what the code must not do). */
    static String withoutCommentLines(String code) {
        return code.lines().filter(l -> !l.strip().startsWith("//") && !l.strip().startsWith("*")
                && !l.strip().startsWith("/*")).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void everyImportedModuleExists() throws IOException {
        Pattern from = Pattern.compile("from\\s+\"(\\.[^\"]+)\"");
        for (Path js : files(".js")) {
            Matcher m = from.matcher(read(js));
            while (m.find()) {
                assertThat(js.getParent().resolve(m.group(1)).normalize()).as(js + " imports " + m.group(1))
                        .isRegularFile();
            }
        }
        Matcher src = Pattern.compile("(?:src|href)=\"([^\"#]+)\"").matcher(read(ROOT.resolve("index.html")));
        while (src.find()) {
            assertThat(ROOT.resolve(src.group(1)).normalize()).as("index.html names " + src.group(1)).isRegularFile();
        }
    }

    @Test
    void thePolicyAllowsThisOriginAlone() {
        assertThat(ConsoleHeaders.POLICY).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                "connect-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe", "*", "http", "data:");
    }
}
