package dev.lvlmserve.serving.requestlog;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter every request meets: gives it a request id ({@link RequestIds}, header set before anything can
 * answer) and writes one access-log line when it is done — method, path (never the query string, which may hold
 * secrets), status, milliseconds and the id — on logger {@code lvlm.access} (silence it with
 * {@code logging.level.lvlm.access=off}). A streamed answer is logged when its stream ends.
 */
public final class AccessLogFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger("lvlm.access");
    private static final int MAX_PATH = 200;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = RequestIds.choose(request.getHeader(RequestIds.HEADER));
        response.setHeader(RequestIds.HEADER, id);
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        line(request, response, id, start);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {}

                    @Override
                    public void onError(AsyncEvent event) {}

                    @Override
                    public void onStartAsync(AsyncEvent event) {}
                });
            } else {
                line(request, response, id, start);
            }
        }
    }

    private static void line(HttpServletRequest request, HttpServletResponse response, String id, long start) {
        if (log.isInfoEnabled()) {
            log.info("{} {} {} {} ms id={}", request.getMethod(), printable(request.getRequestURI()),
                    response.getStatus(), (System.nanoTime() - start) / 1_000_000, id);
        }
    }

    /** The raw path as sent, with anything unprintable escaped and its length capped, so a line stays a line. */
    static String printable(String path) {
        if (path == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.length() && out.length() < MAX_PATH; i++) {
            char c = path.charAt(i);
            out.append(c >= 0x21 && c < 0x7f ? String.valueOf(c) : String.format("%%%02X", (int) c & 0xff));
        }
        return path.length() > MAX_PATH ? out + "..." : out.toString();
    }
}
