package dev.lvlmserve.serving.error;

import dev.lvlmserve.model.image.ImageRejectedException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves as RFC 9457 {@code application/problem+json} with a {@code code} (and {@code param} where a
 * field is at fault), or in OpenAI's shape on the OpenAI-compatible paths ({@link OpenAiErrors}). Spring MVC's own
 * exceptions (bad media type, unreadable body, missing part, oversized upload ...) come through the base class, so
 * bad input can never fall through to a 500; anything else is a server bug and is logged.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ServingException.class)
    ResponseEntity<Object> serving(ServingException e, WebRequest request) {
        HttpHeaders headers = new HttpHeaders();
        if (e.retryAfterSeconds() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        return problem(e, e.status(), e.getMessage(), e.code(), e.param(), headers, request);
    }

    @ExceptionHandler(ImageRejectedException.class)
    ResponseEntity<Object> image(ImageRejectedException e, WebRequest request) {
        HttpStatus status = switch (e.reason()) {
            case TOO_MANY_BYTES, TOO_MANY_PIXELS -> HttpStatus.CONTENT_TOO_LARGE;
            case UNSUPPORTED_FORMAT -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case EMPTY, CORRUPT -> HttpStatus.BAD_REQUEST;
        };
        String code = "image_" + e.reason().name().toLowerCase();
        return problem(e, status, e.getMessage(), code, "image", new HttpHeaders(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        log.error("unhandled error on {}", request.getDescription(false), e);
        return problem(e, HttpStatus.INTERNAL_SERVER_ERROR, "The server failed to handle the request.",
                "internal_error", null, new HttpHeaders(), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestTooLargeException big) {
                return problem(e, HttpStatus.CONTENT_TOO_LARGE, big.getMessage(), "request_too_large", null,
                        headers, request);
            }
        }
        return problem(e, HttpStatus.BAD_REQUEST, "The request body is not valid JSON of the expected shape: "
                + firstLine(e.getMostSpecificCause().getMessage()), "invalid_json", null, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getFieldErrors().stream().map(f -> f.getField() + ": " + f.getDefaultMessage())
                .collect(Collectors.joining("; "));
        String param = e.getFieldErrors().isEmpty() ? null : e.getFieldErrors().getFirst().getField();
        return problem(e, HttpStatus.BAD_REQUEST, detail, "invalid_field", param, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getParameterValidationResults().stream()
                .map(r -> r.getMethodParameter().getParameterName() + ": " + r.getResolvableErrors().stream()
                        .map(m -> m.getDefaultMessage()).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
        return problem(e, HttpStatus.BAD_REQUEST, detail, "invalid_field", null, headers, request);
    }

    /** Every response passes here: the OpenAI paths get OpenAI's shape, every other path keeps the problem. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (body instanceof ProblemDetail p) {
            if (p.getProperties() == null || !p.getProperties().containsKey("code")) {
                p.setProperty("code", defaultCode(status));
            }
            if (request instanceof ServletWebRequest swr && OpenAiErrors.applies(path(swr))) {
                return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_JSON)
                        .body(OpenAiErrors.from(p, status));
            }
            return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(p);
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private ResponseEntity<Object> problem(Exception e, HttpStatusCode status, String detail, String code,
            String param, HttpHeaders headers, WebRequest request) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setProperty("code", code);
        if (param != null) {
            p.setProperty("param", param);
        }
        return handleExceptionInternal(e, p, headers, status, request);
    }

    private static String path(ServletWebRequest request) {
        var r = request.getRequest();
        return r.getRequestURI().substring(r.getContextPath().length());
    }

    private static String defaultCode(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "error" : known.name().toLowerCase();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable body";
        }
        String line = s.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
