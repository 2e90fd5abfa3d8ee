package dev.lvlmserve.serving.security;

import dev.lvlmserve.serving.error.ApiError;
import dev.lvlmserve.serving.error.ErrorBodies;
import dev.lvlmserve.serving.error.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admission for request bodies. Request threads are virtual, so nothing else bounds how many bodies are read into
 * the heap at once: a burst of 28 MB uploads would take gigabytes before the engine's queue could refuse them. A
 * body takes its declared length (or the body cap, when chunked) from a shared budget while it is handled, and a
 * request that cannot get its share within a second is shed with 503 and {@code Retry-After}, before a byte of
 * its body is read.
 */
public final class RequestAdmission extends OncePerRequestFilter {
    private static final int UNIT = 1024; // permits are KiB, so gigabytes fit an int
    private static final long WAIT_MILLIS = 1000;

    private final Semaphore budget;
    private final int budgetUnits;
    private final long maxRequestBytes;
    private final long retryAfterSeconds;
    private final Consumer<String> shed;

    /** @param shed told the reason of every request shed (for the failure counter) */
    public RequestAdmission(long budgetBytes, long maxRequestBytes, long retryAfterSeconds, Consumer<String> shed) {
        this.budgetUnits = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budgetBytes / UNIT));
        this.budget = new Semaphore(budgetUnits, true);
        this.maxRequestBytes = maxRequestBytes;
        this.retryAfterSeconds = retryAfterSeconds;
        this.shed = shed;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        boolean chunked = declared < 0 && request.getHeader("Transfer-Encoding") != null;
        if (declared <= 0 && !chunked) {
            chain.doFilter(request, response);
            return;
        }
        long bytes = chunked ? maxRequestBytes : Math.min(declared, maxRequestBytes);
        int units = (int) Math.max(1, Math.min(budgetUnits, (bytes + UNIT - 1) / UNIT));
        boolean admitted;
        try {
            admitted = budget.tryAcquire(units, WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            shed.accept("server_busy");
            ErrorBodies.write(response, RequestPaths.of(request), new ApiError(503, "server_busy", "The server is "
                    + "reading too many request bodies at once; retry later.", null, retryAfterSeconds));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            budget.release(units);
        }
    }
}
