package dev.lvlmserve.cli;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * How a command's failure reaches the person at the terminal: one line naming the command and what went wrong, and a
 * non-zero exit code; the stack trace only when {@code LVLM_CLI_TRACE=1} asks for it. Input the user can fix (a
 * missing file, a value out of range) exits with picocli's usage code 2; anything else exits with 1.
 */
final class CliErrors implements IExecutionExceptionHandler {
    static final String TRACE_VARIABLE = "LVLM_CLI_TRACE";

    private final boolean trace;

    CliErrors(boolean trace) {
        this.trace = trace;
    }

    static CliErrors fromEnvironment() {
        return new CliErrors("1".equals(System.getenv(TRACE_VARIABLE)));
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
        Throwable cause = rootOf(failure);
        var err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + describe(cause));
        if (trace) {
            failure.printStackTrace(err);
        } else {
            err.println("(" + TRACE_VARIABLE + "=1 prints the stack trace)");
        }
        err.flush();
        return isUserInput(cause) ? command.getCommandSpec().exitCodeOnInvalidInput() : 1;
    }

    /** Unwraps the wrappers that only carry another exception, so the line names the real problem. */
    static Throwable rootOf(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof UncheckedIOException || t instanceof java.util.concurrent.ExecutionException
                || t.getClass() == RuntimeException.class) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    static String describe(Throwable cause) {
        return switch (cause) {
            case NoSuchFileException e -> "no such file: " + e.getFile();
            case AccessDeniedException e -> "permission denied: " + e.getFile();
            case FileSystemException e -> e.getMessage();
            case FileNotFoundException e -> "file not found: " + e.getMessage();
            default -> {
                String message = cause.getMessage();
                String kind = simpleKind(cause);
                yield message == null || message.isBlank() ? kind : message.lines().findFirst().orElse(kind);
            }
        };
    }

    private static String simpleKind(Throwable cause) {
        return cause.getClass().getSimpleName().replaceAll("(?<=[a-z])(?=[A-Z])", " ").toLowerCase(Locale.ROOT);
    }

    private static boolean isUserInput(Throwable cause) {
        return cause instanceof FileSystemException || cause instanceof FileNotFoundException
                || cause instanceof IllegalArgumentException;
    }
}
