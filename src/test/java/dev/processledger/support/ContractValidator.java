package dev.processledger.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks exchanges with the service against the OpenAPI document the service serves ({@code /v3/api-docs}; see
 * {@link ContractDocument} for how schemas are evaluated). For each exchange under {@code /api/}:
 * <ul>
 * <li>the request is checked: its operation (method and path template), path, query and header parameters, the
 * bearer token, the body's media type and schema (or that it sends no body where none is documented);</li>
 * <li>a request the document calls invalid must not have been accepted (2xx): the document may not be stricter
 * than the server. Its refusal may have any error status, as long as the body is a {@code Problem};</li>
 * <li>the response of a valid request must have a documented status, every required header, no rate-limit, retry or
 * authentication header that is not declared, a documented media type, and a body that matches its schema (each
 * line, for NDJSON); a streamed body (SSE) is checked for status and media type only.</li>
 * </ul>
 * One validator per served document, i.e. per test context (each has its own port), loaded on first use.
 */
public final class ContractValidator {

    private static final Map<String, ContractValidator> BY_SERVER = new ConcurrentHashMap<>();
    /** Response headers the document must declare whenever the server sends them. */
    private static final List<String> CHECKED_HEADERS = List.of(
            "Retry-After",
            "WWW-Authenticate",
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
            "Access-Control-Allow-Origin");

    private static final String PROBLEM = "/components/schemas/Problem";

    private final ContractDocument document;

    private ContractValidator(ContractDocument document) {
        this.document = document;
    }

    /** The validator of the service at {@code base} (e.g. {@code http://127.0.0.1:8080}), loading its document once. */
    public static ContractValidator forServer(String base) {
        return BY_SERVER.computeIfAbsent(base, served -> new ContractValidator(ContractDocument.served(served)));
    }

    /** The validator of the service at {@code base}, if a suite switched one on for it. */
    public static Optional<ContractValidator> of(String base) {
        return Optional.ofNullable(BY_SERVER.get(base));
    }

    /** Checks one exchange; an {@link AssertionError} names the request and every mismatch. */
    public void check(Exchange exchange) {
        String path = exchange.uri().getRawPath();
        if (!path.startsWith("/api/") || isCorsPreflight(exchange)) {
            return;
        }
        List<String> requestIssues = new ArrayList<>();
        List<String> responseIssues = new ArrayList<>();
        Optional<ContractDocument.Operation> operation = document.find(exchange.method(), path);
        if (operation.isEmpty()) {
            requestIssues.add("the contract has no operation " + exchange.method() + " " + path);
        } else {
            checkRequest(operation.get(), exchange, requestIssues);
        }
        boolean accepted = exchange.status() >= 200 && exchange.status() < 300;
        if (!requestIssues.isEmpty()) {
            if (accepted) {
                fail(
                        exchange,
                        "the contract calls this request invalid, yet the server accepted it (" + exchange.status()
                                + ")",
                        requestIssues);
            }
            checkRefusal(exchange, responseIssues);
        } else {
            checkResponse(operation.get(), exchange, responseIssues);
        }
        if (!responseIssues.isEmpty()) {
            fail(exchange, "the response does not match the contract", responseIssues);
        }
    }

    private static void fail(Exchange exchange, String what, List<String> issues) {
        throw new AssertionError("Contract: " + exchange.describe() + " -> " + exchange.status() + ": " + what
                + "\n  - " + String.join("\n  - ", issues)
                + (exchange.responseBody() == null ? "" : "\n  response body: " + abbreviate(exchange.responseBody())));
    }

    private static boolean isCorsPreflight(Exchange exchange) {
        return exchange.method().equals("OPTIONS")
                && exchange.requestHeaders().firstValue("Origin").isPresent()
                && exchange.requestHeaders()
                        .firstValue("Access-Control-Request-Method")
                        .isPresent();
    }

    private void checkRequest(ContractDocument.Operation operation, Exchange exchange, List<String> issues) {
        Map<String, List<String>> query = query(exchange.uri().getRawQuery());
        for (ContractDocument.Located parameter : document.parameters(operation)) {
            JsonNode node = parameter.node();
            String name = node.path("name").asText();
            String in = node.path("in").asText();
            Optional<String> value = switch (in) {
                case "path" -> Optional.ofNullable(operation.pathValues().get(name));
                case "query" -> Optional.ofNullable(query.get(name)).map(values -> values.get(0));
                case "header" -> exchange.requestHeaders().firstValue(name);
                default -> Optional.empty();
            };
            if (value.isEmpty()) {
                if (node.path("required").asBoolean(false)) {
                    issues.add("required " + in + " parameter '" + name + "' is missing");
                }
                continue;
            }
            String schema = parameter.pointer() + "/schema";
            document.validate(
                    schema,
                    ContractDocument.scalar(value.get(), document.at(schema)),
                    in + " parameter '" + name + "'",
                    issues);
        }
        JsonNode security = document.security(operation);
        boolean needsToken =
                security.isArray() && !security.isEmpty() && !security.get(0).isEmpty();
        if (needsToken
                && exchange.requestHeaders()
                        .firstValue("Authorization")
                        .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                        .isEmpty()) {
            issues.add("no bearer token (Authorization: Bearer ...)");
        }
        checkRequestBody(operation, exchange, issues);
    }

    private void checkRequestBody(ContractDocument.Operation operation, Exchange exchange, List<String> issues) {
        String body = exchange.requestBody() == null ? "" : exchange.requestBody();
        if (!operation.node().has("requestBody")) {
            if (!body.isEmpty()) {
                issues.add("the operation takes no body, yet one was sent");
            }
            return;
        }
        ContractDocument.Located requestBody =
                document.resolve(operation.node().get("requestBody"), operation.pointer() + "/requestBody");
        if (body.isEmpty()) {
            if (requestBody.node().path("required").asBoolean(false)) {
                issues.add("the required body is missing");
            }
            return;
        }
        String type =
                baseType(exchange.requestHeaders().firstValue("Content-Type").orElse(""));
        if (!requestBody.node().path("content").has(type)) {
            issues.add("body media type '" + type + "' is not one of "
                    + ContractDocument.names(requestBody.node().path("content")));
            return;
        }
        document.validateJson(
                requestBody.pointer() + "/content/" + ContractDocument.escape(type) + "/schema",
                body,
                "request body",
                issues);
    }

    private void checkResponse(ContractDocument.Operation operation, Exchange exchange, List<String> issues) {
        JsonNode responses = operation.node().path("responses");
        String code = Integer.toString(exchange.status());
        String key = responses.has(code)
                ? code
                : responses.has(code.charAt(0) + "XX")
                        ? code.charAt(0) + "XX"
                        : responses.has("default") ? "default" : null;
        if (key == null) {
            issues.add("status " + code + " is not documented (documented: " + ContractDocument.names(responses) + ")");
            return;
        }
        ContractDocument.Located response =
                document.resolve(responses.get(key), operation.pointer() + "/responses/" + key);
        checkHeaders(response, exchange.responseHeaders(), issues);
        JsonNode content = response.node().path("content");
        String body = exchange.responseBody();
        String type =
                baseType(exchange.responseHeaders().firstValue("Content-Type").orElse(""));
        if (content.isMissingNode() || content.isEmpty()) {
            if (body != null && !body.isEmpty()) {
                issues.add("status " + code + " documents no body, yet one was sent (" + type + ")");
            }
            return;
        }
        if (!content.has(type)) {
            issues.add("media type '" + type + "' is not documented for " + code + " (documented: "
                    + ContractDocument.names(content) + ")");
            return;
        }
        if (body == null || !content.get(type).has("schema")) {
            return;
        }
        String schema = response.pointer() + "/content/" + ContractDocument.escape(type) + "/schema";
        if (!type.endsWith("json")) {
            // a text answer (the PEM public key): the body is one string
            document.validate(
                    schema,
                    com.fasterxml.jackson.databind.node.TextNode.valueOf(body).toString(),
                    "body",
                    issues);
        } else if (type.equals("application/x-ndjson")) {
            String[] lines = body.split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isEmpty()) {
                    document.validateJson(schema, lines[i], "line " + (i + 1), issues);
                }
            }
        } else {
            document.validateJson(schema, body, "body", issues);
        }
    }

    private void checkHeaders(ContractDocument.Located response, HttpHeaders sent, List<String> issues) {
        JsonNode declared = response.node().path("headers");
        for (Map.Entry<String, JsonNode> header : ContractDocument.fields(declared)) {
            ContractDocument.Located definition = document.resolve(
                    header.getValue(), response.pointer() + "/headers/" + ContractDocument.escape(header.getKey()));
            Optional<String> value = sent.firstValue(header.getKey());
            if (value.isEmpty() && definition.node().path("required").asBoolean(false)) {
                issues.add("required header " + header.getKey() + " is missing");
            }
            if (value.isPresent()) {
                String schema = definition.pointer() + "/schema";
                document.validate(
                        schema,
                        ContractDocument.scalar(value.get(), document.at(schema)),
                        "header " + header.getKey(),
                        issues);
            }
        }
        for (String name : CHECKED_HEADERS) {
            boolean isDeclared = ContractDocument.fields(declared).stream()
                    .anyMatch(h -> h.getKey().equalsIgnoreCase(name));
            if (sent.firstValue(name).isPresent() && !isDeclared) {
                issues.add("header " + name + " is sent but not declared for this response");
            }
        }
    }

    /** A request the document calls invalid: refused, with a problem body. */
    private void checkRefusal(Exchange exchange, List<String> issues) {
        String type =
                baseType(exchange.responseHeaders().firstValue("Content-Type").orElse(""));
        if (exchange.responseBody() == null || exchange.responseBody().isEmpty()) {
            return;
        }
        if (!type.equals("application/problem+json")) {
            issues.add("a refusal is sent as '" + type + "', not application/problem+json");
            return;
        }
        document.validateJson(PROBLEM, exchange.responseBody(), "problem body", issues);
    }

    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return values;
    }

    private static String baseType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }
}
