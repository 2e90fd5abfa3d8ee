package dev.lvlmserve;

import dev.lvlmserve.cli.Cli;
import dev.lvlmserve.serving.ServerApplication;

/**
 * One jar, two faces: with no arguments, {@code serve}, or Spring-style options ({@code --server.port=9000}) it starts
 * the HTTP server; otherwise the first argument names a command-line tool ({@code answer}, {@code bench}, ...).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Spring-style options ("--server.port=9000") also mean the server; a command name means the tool
        if (args.length == 0 || args[0].equals("serve") || args[0].startsWith("--") && !isToolOption(args[0])) {
            String[] rest = args.length > 0 && args[0].equals("serve")
                    ? java.util.Arrays.copyOfRange(args, 1, args.length)
                    : args;
            ServerApplication.start(rest);
            return;
        }
        System.exit(Cli.run(args));
    }

    private static boolean isToolOption(String arg) {
        return arg.equals("--help") || arg.equals("--version");
    }
}
