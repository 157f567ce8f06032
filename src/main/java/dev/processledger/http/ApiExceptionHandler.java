package dev.processledger.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.processledger.config.StoreIntegrity;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every failure to a problem body. Messages never echo request content, stack traces or SQL: unexpected
 * failures are logged by type and answered with a bare 500.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final StoreIntegrity integrity;

    public ApiExceptionHandler(StoreIntegrity integrity) {
        this.integrity = integrity;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
        return respond(Problems.invalid(e.issues()));
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        if (e.retryAfterSeconds() != null) {
            return ResponseEntity.status(e.problem().getStatus())
                    .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds().toString())
                    .body(e.problem());
        }
        return respond(e.problem());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return respond(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (integrity.report(e)) {
            return respond(Problems.of(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "store-damaged",
                    "Store damaged",
                    "The store could not read what this request needs; it reports damage and needs repair"));
        }
        log.error("Unexpected failure handling a request", Redacted.of(e));
        return respond(Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
                "The server failed to handle the request"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return new ResponseEntity<>(Problems.invalid(List.of(unreadable(e.getCause()))), HttpStatus.BAD_REQUEST);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = e.getPropertyName() == null ? "request" : e.getPropertyName();
        return new ResponseEntity<>(
                Problems.invalid(List.of(new FieldIssue(field, field + " has the wrong type"))),
                HttpStatus.BAD_REQUEST);
    }

    /** Framework problems (404 route, 405, 406, 415...) get the HPI {@code error} member too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body == null && e instanceof ErrorResponse response) {
            body = response.getBody();
        }
        if (body instanceof ProblemDetail problem) {
            ProblemDetail ours = Problems.of(
                    HttpStatus.valueOf(status.value()),
                    slug(problem.getTitle()),
                    problem.getTitle(),
                    problem.getDetail() != null ? problem.getDetail() : problem.getTitle());
            return super.handleExceptionInternal(e, ours, headers, status, request);
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    private static String slug(String title) {
        return title == null
                ? "error"
                : title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /**
     * The 400 issue for a body Jackson could not read or bind: content after it, an unknown member, a member of the
     * wrong type, or no JSON at all. Also for bodies a handler binds itself.
     */
    public static FieldIssue unreadable(Throwable cause) {
        String member = memberBeingRead(cause);
        if (member != null) {
            return new FieldIssue(member, member + " is invalid");
        }
        if (cause instanceof MismatchedInputException trailing
                && trailing.getPath().isEmpty()
                && String.valueOf(trailing.getOriginalMessage()).startsWith("Trailing token")) {
            return new FieldIssue("body", "body must be a single JSON value; content follows it");
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return unknownMember(unknown);
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            String expected = cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                    ? describe(mismatch.getTargetType())
                    : "a valid value";
            if (cause instanceof InvalidFormatException || cause instanceof MismatchedInputException) {
                return new FieldIssue(field, field + " must be " + expected);
            }
            return new FieldIssue(field, field + " is invalid");
        }
        if (cause instanceof JsonProcessingException) {
            return new FieldIssue("body", "body is not valid JSON");
        }
        return new FieldIssue("body", "body is missing or unreadable");
    }

    /**
     * The top-level member whose nested object or array the parser failed in, for bodies read as a JSON tree (a
     * record's binding names the member by its own path); null when the failure is at the top level.
     */
    private static String memberBeingRead(Throwable cause) {
        if (!(cause instanceof StreamReadException failure) || failure.getProcessor() == null) {
            return null;
        }
        JsonStreamContext context = failure.getProcessor().getParsingContext();
        while (context != null
                && context.getParent() != null
                && context.getParent().getParent() != null
                && !context.getParent().getParent().inRoot()) {
            context = context.getParent();
        }
        boolean nested = context != null
                && context.getParent() != null
                && context.getParent().getParent() != null;
        return nested && context.getParent().inObject() ? context.getParent().getCurrentName() : null;
    }

    /**
     * A member the body's type does not have, named with its path; a camelCase spelling of a real member (what a
     * client generated from a camelCase model sends) gets the snake_case name as a hint.
     */
    private static FieldIssue unknownMember(UnrecognizedPropertyException unknown) {
        String name = unknown.getPropertyName();
        String field = unknown.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
        boolean known = unknown.getKnownPropertyIds() != null
                && unknown.getKnownPropertyIds().contains(snake);
        return new FieldIssue(
                field,
                known && !snake.equals(name)
                        ? "unknown member '%s'; did you mean '%s'?".formatted(name, snake)
                        : "unknown member '%s'".formatted(name));
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 instant such as 2030-01-01T00:00:00Z";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    public static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
