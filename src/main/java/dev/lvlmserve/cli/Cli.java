package dev.lvlmserve.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line tool: every subcommand is a small class in this package. */
@Command(
        name = "lvlm-serve",
        mixinStandardHelpOptions = true,
        footer = {"",
            "Example: ./lvlm-serve answer --image helm/lvlm-serve/files/test-scene.png"
                + " --question \"Describe the image.\"",
            "With no command (or with --server.port=... style settings) it starts the server."},
        version = "lvlm-serve 0.1.0",
        description = "Serve LLaVA-style vision-language models and build pruned variants.",
        subcommands = {
            CommandLine.HelpCommand.class,
            AnswerCommand.class,
            FixtureCommand.class,
            BenchCommand.class,
            TrainCommand.class,
            TrainDiagnoseCommand.class,
            EvalCommand.class,
            DatasetCommand.class,
            PruneCommand.class,
            RecoverCommand.class,
            PruneJobCommand.class,
            AblateCommand.class,
            StudyCommand.class,
            LoadTestCommand.class,
            SoakCommand.class
        })
public final class Cli {
    private Cli() {}

    /** Runs the command line and returns the process exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The tool as picocli sees it, for running a command or only parsing one (the README test parses). */
    public static CommandLine commandLine() {
        return new CommandLine(new Cli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpAutoWidth(true) // help as wide as the terminal, so examples stay on one line
                .setExecutionExceptionHandler(CliErrors.fromEnvironment());
    }
}
