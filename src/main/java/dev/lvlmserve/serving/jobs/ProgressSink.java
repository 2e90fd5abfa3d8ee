package dev.lvlmserve.serving.jobs;

/** Where a long-running step reports what it is doing; the job turns it into stage, percent and ETA. */
public interface ProgressSink {
    ProgressSink NONE = new ProgressSink() {
        @Override
        public void stage(String name) {}

        @Override
        public void progress(double fraction) {}
    };

    /** A new stage begins (e.g. {@code calibrating}, {@code scoring}, {@code compensating}). */
    void stage(String name);

    /** How much of the whole step is done, in [0, 1]; never decreases. */
    void progress(double fraction);
}
