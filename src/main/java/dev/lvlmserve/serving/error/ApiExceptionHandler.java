package dev.lvlmserve.serving.error;

import dev.lvlmserve.model.image.ImageRejectedException;
import dev.lvlmserve.serving.metrics.ServingMetrics;
import dev.lvlmserve.serving.requestlog.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every exception a handler throws to an {@link ApiError} and lets {@link ErrorBodies} render it (problem
 * details on native paths, OpenAI's shape on the compatible ones). Spring MVC's own exceptions (bad media type,
 * unreadable body, missing part, oversized upload ...) come through the base class, so bad input never falls
 * through to a 500; anything else is a server bug, logged here and answered without detail. Each error is counted
 * by code in {@code lvlm_request_failure_total}.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ObjectProvider<ServingMetrics> metrics; // absent in controller test slices

    public ApiExceptionHandler(ObjectProvider<ServingMetrics> metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler(ServingException.class)
    ResponseEntity<Object> serving(ServingException e, WebRequest request) {
        return render(e.toApiError(), request);
    }

    @ExceptionHandler(RejectedImage.class)
    ResponseEntity<Object> image(RejectedImage e, WebRequest request) {
        return image(e.rejection(), e.param(), request);
    }

    @ExceptionHandler(ImageRejectedException.class)
    ResponseEntity<Object> image(ImageRejectedException e, WebRequest request) {
        return image(e, "image", request);
    }

    private ResponseEntity<Object> image(ImageRejectedException e, String param, WebRequest request) {
        boolean openAi = ErrorBodies.openAiShape(path(request));
        HttpStatus status = switch (e.reason()) {
            case TOO_MANY_BYTES, TOO_MANY_PIXELS -> HttpStatus.CONTENT_TOO_LARGE;
            case EXTREME_ASPECT_RATIO -> HttpStatus.UNPROCESSABLE_CONTENT;
            // OpenAI answers an image it cannot read with 400 invalid_request_error, whatever the reason
            case UNSUPPORTED_FORMAT -> openAi ? HttpStatus.BAD_REQUEST : HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case EMPTY, CORRUPT -> HttpStatus.BAD_REQUEST;
        };
        String code = "image_" + e.reason().name().toLowerCase(java.util.Locale.ROOT);
        return render(new ApiError(status.value(), code, e.getMessage(), param, null), request);
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> multipart(MultipartException e, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestTooLargeException big) {
                return render(new ApiError(413, "request_too_large", big.getMessage(), null, null), request);
            }
        }
        return render(new ApiError(400, "invalid_multipart", "The multipart body is malformed: it needs a "
                + "boundary in its Content-Type and must end with the closing boundary.", null, null), request);
    }

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> parameter(InvalidParameterException e, WebRequest request) {
        return render(new ApiError(400, "invalid_parameter", "A query or form parameter is not valid (bad "
                + "percent-encoding or not UTF-8).", null, null), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        log.error("unhandled error on {}", request.getDescription(false), e);
        return render(new ApiError(500, "internal_error", null, null, null), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestTooLargeException big) {
                return render(new ApiError(413, "request_too_large", big.getMessage(), null, null), request);
            }
        }
        var json = JsonErrors.find(e);
        if (json == null) { // Spring's own message here quotes the handler's method signature
            return render(new ApiError(400, "invalid_json", "The request body is missing or is not JSON.", null,
                    null), request);
        }
        // OpenAI names a value of the wrong type invalid_type; a body that does not parse stays invalid_json
        boolean typeError = json instanceof tools.jackson.databind.exc.MismatchedInputException
                && JsonErrors.field(json) != null && ErrorBodies.openAiShape(path(request));
        return render(new ApiError(400, typeError ? "invalid_type" : "invalid_json", JsonErrors.describe(json),
                JsonErrors.field(json), null), request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getFieldErrors().stream().map(f -> f.getField() + ": " + f.getDefaultMessage())
                .collect(Collectors.joining("; "));
        String param = e.getFieldErrors().isEmpty() ? null : e.getFieldErrors().getFirst().getField();
        return render(new ApiError(400, "invalid_field", detail, param, null), request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getParameterValidationResults().stream()
                .map(r -> r.getMethodParameter().getParameterName() + ": " + r.getResolvableErrors().stream()
                        .map(m -> m.getDefaultMessage()).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
        return render(new ApiError(400, "invalid_field", detail, null, null), request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return render(new ApiError(404, "not_found", "There is no endpoint at this path.", null, null), request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = e.getPropertyName();
        return render(new ApiError(400, "invalid_field", (name == null ? "A parameter" : name)
                + " has a value of the wrong type.", name, null), request);
    }

    /** Every response of the base class passes here: its problem becomes ours. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (body instanceof ProblemDetail p) {
            Object code = p.getProperties() == null ? null : p.getProperties().get("code");
            Object param = p.getProperties() == null ? null : p.getProperties().get("param");
            ApiError error = new ApiError(status.value(), code == null ? null : code.toString(), p.getDetail(),
                    param == null ? null : param.toString(), null);
            return render(error, headers, request);
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private ResponseEntity<Object> render(ApiError error, WebRequest request) {
        return render(error, new HttpHeaders(), request);
    }

    private ResponseEntity<Object> render(ApiError raw, HttpHeaders headers, WebRequest request) {
        String path = path(request);
        ApiError error = ErrorBodies.forPath(path, raw);
        String reason = error.code() == null ? ApiError.defaultCode(error.status()) : error.code();
        metrics.ifAvailable(m -> m.failure(reason));
        if (request instanceof ServletWebRequest swr && swr.getResponse() != null
                && swr.getResponse().isCommitted()) {
            return null; // a stream that already started: nothing more can be said on it
        }
        HttpHeaders out = new HttpHeaders();
        out.addAll(headers);
        if (error.retryAfterSeconds() != null) {
            out.set(HttpHeaders.RETRY_AFTER, Long.toString(error.retryAfterSeconds()));
        }
        return ResponseEntity.status(error.status()).headers(out).contentType(ErrorBodies.mediaType(path))
                .body(ErrorBodies.body(path, error, requestId(request)));
    }

    private static String requestId(WebRequest request) {
        return request instanceof ServletWebRequest swr && swr.getResponse() != null
                ? RequestIds.of(swr.getResponse()) : null;
    }

    private static String path(WebRequest request) {
        HttpServletRequest r = request instanceof ServletWebRequest swr ? swr.getRequest() : null;
        return r == null ? "" : RequestPaths.of(r);
    }
}
