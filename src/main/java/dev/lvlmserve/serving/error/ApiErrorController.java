package dev.lvlmserve.serving.error;

import dev.lvlmserve.serving.metrics.ServingMetrics;
import dev.lvlmserve.serving.security.Access;
import dev.lvlmserve.serving.security.AccessLevel;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import dev.lvlmserve.serving.requestlog.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page, replacing Spring Boot's {@code BasicErrorController} (whose body carries a
 * timestamp and the raw path, and which answers {@code GET /error} itself with a 500): errors that never reached a
 * controller, such as a method the container refuses ({@code TRACE}) or an exception in a filter, are rendered
 * like every other error. Requested directly, {@code /error} is just a path with nothing at it.
 */
@RestController
@Hidden
@Access(AccessLevel.PUBLIC)
public class ApiErrorController implements ErrorController {
    private static final Logger log = LoggerFactory.getLogger(ApiErrorController.class);

    private final ObjectProvider<ServingMetrics> metrics; // absent in controller test slices

    public ApiErrorController(ObjectProvider<ServingMetrics> metrics) {
        this.metrics = metrics;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request, HttpServletResponse response) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        ApiError error;
        if (!(code instanceof Integer status)) {
            error = new ApiError(404, "not_found", "There is no endpoint at this path.", null, null);
        } else {
            if (status >= 500 && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t) {
                log.error("unhandled error on {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), t);
            }
            error = ApiError.of(status < 400 ? 500 : status);
        }
        String path = RequestPaths.of(request);
        ApiError stated = ErrorBodies.forPath(path, error);
        metrics.ifAvailable(m -> m.failure(stated.code()));
        return ResponseEntity.status(stated.status()).contentType(ErrorBodies.mediaType(path))
                .body(ErrorBodies.body(path, stated, RequestIds.of(response)));
    }
}
