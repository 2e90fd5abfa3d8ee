package dev.lvlmserve.cli;

import dev.lvlmserve.recovery.RecoveryProgress;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A recovery's progress on stderr: a bar over the planned steps with the current loss and ETA; validations logged. */
final class TrainingBar implements RecoveryProgress, AutoCloseable {
    private ProgressBar bar;

    @Override
    public void onStep(Status s) {
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName("recover").setInitialMax(s.total())
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .showSpeed().build();
        }
        bar.maxHint(s.total());
        bar.stepTo(s.step());
        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", s.loss()));
    }

    @Override
    public void onValidation(int step, Map<String, Double> values) {
        StringBuilder line = new StringBuilder("validation @" + step + ":");
        values.forEach((k, v) -> {
            if (!k.equals("step")) {
                line.append(String.format(Locale.ROOT, " %s %.4f", k, v));
            }
        });
        System.err.println(line);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
