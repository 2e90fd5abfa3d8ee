package dev.lvlmserve;

import dev.lvlmserve.cli.Cli;
import dev.lvlmserve.serving.ServerApplication;

/**
 * One jar, two faces: with no arguments (or {@code serve}) it starts the HTTP server; otherwise the first argument
 * names a command-line tool ({@code answer}, {@code bench}, {@code fixture}, ...).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("serve")) {
            String[] rest = args.length == 0 ? args : java.util.Arrays.copyOfRange(args, 1, args.length);
            ServerApplication.start(rest);
            return;
        }
        System.exit(Cli.run(args));
    }
}
