package dev.lvlmserve.serving.variants;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the registry's refresh every poll interval on a thread of its own. Polling rather than a file watch:
 * inotify does not see what another NFS client changes, and a listing plus a few small reads per interval is cheap.
 */
final class StorePoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StorePoller.class);

    private final Duration interval;
    private final Runnable refresh;
    private ScheduledExecutorService executor;

    StorePoller(Duration interval, Runnable refresh) {
        this.interval = interval;
        this.refresh = refresh;
    }

    synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("lvlm-store-poll")
                .daemon().unstarted(r));
        executor.scheduleWithFixedDelay(() -> {
            try {
                refresh.run();
            } catch (RuntimeException e) {
                log.warn("store refresh failed: {}", e.getMessage(), e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
