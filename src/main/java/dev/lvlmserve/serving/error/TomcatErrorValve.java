package dev.lvlmserve.serving.error;

import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's error report for what it refuses before any servlet runs (an encoded slash or NUL in the path, a bad
 * percent-escape, too many headers): the same JSON bodies as the application's errors instead of Tomcat's HTML
 * page with its server name. The path is the raw one (Tomcat could not route it), normalised as far as possible to
 * pick the shape.
 */
public final class TomcatErrorValve extends ErrorReportValve {
    private static final Logger log = LoggerFactory.getLogger(TomcatErrorValve.class);

    public TomcatErrorValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            String uri = request.getCoyoteRequest() == null ? null : request.getCoyoteRequest().requestURI()
                    .toString();
            ErrorBodies.write(response.getResponse(), RequestPaths.normalise(uri), ApiError.of(status));
        } catch (IOException | RuntimeException e) {
            log.debug("could not write the error report: {}", e.toString());
        }
    }
}
