package dev.lvlmserve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .mvn/select-jdk}, which {@code ./mvnw} and {@code ./lvlm-serve} use to find a JDK 25 where the default
 * {@code java} is older: run as a process against fake JDK homes, with a PATH that holds only the tools the script
 * needs (so the machine's own {@code java} cannot change the outcome).
 */
class SelectJdkTest {
    private static final Path SCRIPT = Path.of(".mvn/select-jdk").toAbsolutePath();

    @TempDir
    Path tmp;

    private Path installs;
    private Path tools;

    private record Outcome(int exit, String out, String err) {}

    @BeforeEach
    void tools() throws IOException {
        installs = Files.createDirectories(tmp.resolve("jvm"));
        tools = Files.createDirectories(tmp.resolve("tools"));
        for (String tool : List.of("sed", "head", "dirname", "readlink", "sh")) {
            Path real = List.of(Path.of("/usr/bin", tool), Path.of("/bin", tool)).stream().filter(Files::isExecutable)
                    .findFirst().orElseThrow(() -> new IllegalStateException(tool + " not found"));
            Files.createSymbolicLink(tools.resolve(tool), real);
        }
    }

    /** A fake JDK: bin/java prints {@code version} the way {@code java -version} does; a release file optional. */
    private Path jdk(String name, String version, boolean withRelease, boolean withJavac) throws IOException {
        Path home = Files.createDirectories(installs.resolve(name));
        Path bin = Files.createDirectories(home.resolve("bin"));
        script(bin.resolve("java"), "echo 'openjdk version \"" + version + "\" 2026-01-20' >&2");
        if (withJavac) {
            script(bin.resolve("javac"), "echo javac");
        }
        if (withRelease) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        }
        return home;
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Outcome run(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(tools.resolve("sh").toString(), SCRIPT.toString());
        pb.environment().clear();
        pb.environment().put("PATH", tools.toString());
        pb.environment().put("LVLM_JDK_DIRS", installs.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return new Outcome(p.waitFor(), out, err);
    }

    @Test
    void aFittingJavaHomeIsKept() throws Exception {
        Path home = jdk("temurin-25", "25.0.3", true, true);
        jdk("jdk-26", "26", true, true);
        Outcome o = run(Map.of("JAVA_HOME", home.toString()));
        assertEquals(0, o.exit(), o.err());
        assertEquals(home.toString(), o.out());
        assertEquals("", o.err());
    }

    @Test
    void anOldJavaHomeIsPassedOverForTheNewestInstalledJdk() throws Exception {
        Path old = jdk("java-17", "17.0.15", true, true);
        jdk("temurin-25", "25.0.3", true, true);
        Path newest = jdk("jdk-26", "26-ea", false, true); // no release file: read from java -version
        Outcome o = run(Map.of("JAVA_HOME", old.toString()));
        assertEquals(0, o.exit(), o.err());
        assertEquals(newest.toString(), o.out());
        assertTrue(o.err().contains("is not a JDK 25 or newer"), o.err());
    }

    @Test
    void theJavaOnPathWinsOverInstallFoldersWhenItFits() throws Exception {
        Path onPath = jdk("temurin-25", "25.0.1", true, true);
        jdk("jdk-26", "26", true, true);
        Outcome o = run(Map.of("PATH", onPath.resolve("bin") + ":" + tools));
        assertEquals(0, o.exit(), o.err());
        assertEquals(onPath.toString(), o.out());
    }

    @Test
    void aJreOrAnOldVersionDoesNotFitAndTheFailureIsOneLine() throws Exception {
        jdk("java-17", "17.0.15", true, true);
        jdk("java-8", "1.8.0_412", true, true);
        jdk("jre-25", "25", true, false); // java without javac: cannot build
        Outcome o = run(Map.of());
        assertEquals(1, o.exit());
        assertEquals("", o.out());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains("needs a JDK 25 or newer"), o.err());
    }

    @Test
    void theMinimumIsASetting() throws Exception {
        Path seventeen = jdk("java-17", "17.0.15", true, true);
        Outcome o = run(Map.of("LVLM_MIN_JDK", "17"));
        assertEquals(0, o.exit(), o.err());
        assertEquals(seventeen.toString(), o.out());
    }
}
