package dev.lvlmserve.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One server replica in a JVM of its own, on the test's classpath, sharing a data directory with the others; its
 * output goes to a log file under {@code target/}. {@link #kill()} is SIGKILL (kill -9): no shutdown hook runs.
 */
final class ReplicaProcess implements AutoCloseable {
    final String name;
    final int port;
    final Path log;
    final TestHttp http;
    private final Process process;

    private ReplicaProcess(String name, int port, Path log, Process process, String admin) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
        this.http = new TestHttp(port, "X-Admin-Key", admin);
    }

    static ReplicaProcess start(String name, Path data, Path model, String admin, Path logDir, String... extra)
            throws IOException {
        return start(name, data, model, admin, logDir, Map.of(), extra);
    }

    /** @param env extra environment variables (the Kubernetes client's configuration, for one) */
    static ReplicaProcess start(String name, Path data, Path model, String admin, Path logDir,
            Map<String, String> env, String... extra) throws IOException {
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(SharedStoreNode.class.getName(), "--server.port=" + port,
                "--lvlm.security.admin-key=" + admin));
        cmd.addAll(settings(name, data, model).stream().map(s -> "--" + s).toList());
        cmd.addAll(List.of(extra));
        Path log = logDir.resolve(name + ".log");
        return new ReplicaProcess(name, port, log, java(cmd, log, env).start(), admin);
    }

    /** What every process of the test shares: the model, the store and its (short) timings. */
    static List<String> settings(String name, Path data, Path model) {
        return List.of("lvlm.models.fixture=" + model, "lvlm.data-dir=" + data, "lvlm.engine.warmup=false",
                "lvlm.store.replica-id=" + name, "lvlm.store.poll-interval=250ms", "lvlm.store.lease-ttl=3s",
                "lvlm.store.heartbeat-interval=500ms", "lvlm.limits.max-max-tokens=8",
                "lvlm.limits.default-max-tokens=2", "spring.main.banner-mode=off", "logging.level.root=WARN",
                "logging.level.dev.lvlmserve.serving=INFO");
    }

    /** A JVM on the test's classpath running {@code mainAndArgs}, its output to {@code log}. */
    static ProcessBuilder java(List<String> mainAndArgs, Path log, Map<String, String> env) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // surefire runs tests through a manifest-only jar; the real test classpath is in this property
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", classpath));
        cmd.addAll(mainAndArgs);
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().putAll(env);
        return pb;
    }

    /** Waits until readiness is UP; fails with the log's tail if the process dies or takes too long. */
    void awaitReady(long deadlineNanos) throws Exception {
        while (System.nanoTime() < deadlineNanos) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited " + process.exitValue() + ":\n" + tail());
            }
            try {
                if (http.get("/actuator/health/readiness").status() == 200) {
                    return;
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " not ready in time:\n" + tail());
    }

    /** kill -9: the JVM gets SIGKILL and leaves its claims, job records and files as they are. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The replica's name in the store, as job records show it. */
    String replicaId() {
        return name + "-" + process.pid();
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
