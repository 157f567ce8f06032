package dev.processledger.support;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks exchanges with the service against the OpenAPI document the service serves ({@code /v3/api-docs}), with
 * networknt's JSON Schema validator in the OpenAPI 3.1 dialect for every schema. For each exchange under
 * {@code /api/}:
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
    private static final ObjectMapper JSON = new ObjectMapper();
    /** JSON as the server reads a body: one value, no member named twice. */
    private static final ObjectReader STRICT = JSON.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    /** Response headers the document must declare whenever the server sends them. */
    private static final List<String> CHECKED_HEADERS = List.of("Retry-After", "WWW-Authenticate", "RateLimit-Limit",
            "RateLimit-Remaining", "RateLimit-Reset", "Access-Control-Allow-Origin");
    private static final String PROBLEM = "/components/schemas/Problem";

    private final JsonNode document;
    private final String documentUri;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private ContractValidator(String documentUri, String documentText) {
        try {
            this.document = JSON.readTree(documentText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.documentUri = documentUri;
        this.registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(), builder -> builder
                .schemas(Map.of(documentUri, documentText))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    /** The validator of the service at {@code base} (e.g. {@code http://127.0.0.1:8080}), loading its document once. */
    public static ContractValidator forServer(String base) {
        return BY_SERVER.computeIfAbsent(base, ContractValidator::load);
    }

    /** The validator of the service at {@code base}, if a suite switched one on for it. */
    public static Optional<ContractValidator> of(String base) {
        return Optional.ofNullable(BY_SERVER.get(base));
    }

    private static ContractValidator load(String base) {
        try {
            HttpResponse<String> served = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + "/v3/api-docs")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (served.statusCode() != 200) {
                throw new IllegalStateException("GET /v3/api-docs answered " + served.statusCode());
            }
            return new ContractValidator(base + "/v3/api-docs", served.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Checks one exchange; an {@link AssertionError} names the request and every mismatch. */
    public void check(Exchange exchange) {
        String path = exchange.uri().getRawPath();
        if (!path.startsWith("/api/") || isCorsPreflight(exchange)) {
            return;
        }
        List<String> requestIssues = new ArrayList<>();
        List<String> responseIssues = new ArrayList<>();
        Optional<Operation> operation = find(exchange.method(), path);
        if (operation.isEmpty()) {
            requestIssues.add("the contract has no operation " + exchange.method() + " " + path);
        } else {
            checkRequest(operation.get(), exchange, requestIssues);
        }
        boolean accepted = exchange.status() >= 200 && exchange.status() < 300;
        if (!requestIssues.isEmpty()) {
            if (accepted) {
                fail(exchange, "the contract calls this request invalid, yet the server accepted it ("
                        + exchange.status() + ")", requestIssues);
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
        return exchange.method().equals("OPTIONS") && exchange.requestHeaders().firstValue("Origin").isPresent()
                && exchange.requestHeaders().firstValue("Access-Control-Request-Method").isPresent();
    }

    /** An operation of the document, with the JSON pointer of its node and the path parameters' values. */
    private record Operation(String pointer, JsonNode node, JsonNode pathItem, String pathItemPointer,
                             Map<String, String> pathValues) {
    }

    private Optional<Operation> find(String method, String rawPath) {
        String[] segments = rawPath.split("/", -1);
        Operation best = null;
        int bestLiterals = -1;
        for (Map.Entry<String, JsonNode> entry : fields(document.path("paths"))) {
            String[] template = entry.getKey().split("/", -1);
            if (template.length != segments.length) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                if (template[i].startsWith("{") && template[i].endsWith("}")) {
                    matches = !segments[i].isEmpty();
                    values.put(template[i].substring(1, template[i].length() - 1), decodePath(segments[i]));
                } else {
                    matches = template[i].equals(segments[i]);
                    literals++;
                }
            }
            String verb = method.toLowerCase(Locale.ROOT);
            if (matches && METHODS.contains(verb) && entry.getValue().has(verb) && literals > bestLiterals) {
                String itemPointer = "/paths/" + escape(entry.getKey());
                best = new Operation(itemPointer + "/" + verb, entry.getValue().get(verb), entry.getValue(),
                        itemPointer, values);
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    private void checkRequest(Operation operation, Exchange exchange, List<String> issues) {
        Map<String, List<String>> query = query(exchange.uri().getRawQuery());
        for (Located parameter : parameters(operation)) {
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
            validate(schema, scalar(value.get(), document.at(schema)), in + " parameter '" + name + "'", issues);
        }
        JsonNode security = operation.node().has("security") ? operation.node().get("security")
                : document.path("security");
        boolean needsToken = security.isArray() && !security.isEmpty() && !security.get(0).isEmpty();
        if (needsToken && exchange.requestHeaders().firstValue("Authorization")
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7)).isEmpty()) {
            issues.add("no bearer token (Authorization: Bearer ...)");
        }
        checkRequestBody(operation, exchange, issues);
    }

    private void checkRequestBody(Operation operation, Exchange exchange, List<String> issues) {
        String body = exchange.requestBody() == null ? "" : exchange.requestBody();
        if (!operation.node().has("requestBody")) {
            if (!body.isEmpty()) {
                issues.add("the operation takes no body, yet one was sent");
            }
            return;
        }
        Located requestBody = resolve(operation.node().get("requestBody"), operation.pointer() + "/requestBody");
        if (body.isEmpty()) {
            if (requestBody.node().path("required").asBoolean(false)) {
                issues.add("the required body is missing");
            }
            return;
        }
        String type = baseType(exchange.requestHeaders().firstValue("Content-Type").orElse(""));
        if (!requestBody.node().path("content").has(type)) {
            issues.add("body media type '" + type + "' is not one of " + names(requestBody.node().path("content")));
            return;
        }
        validateJson(requestBody.pointer() + "/content/" + escape(type) + "/schema", body, "request body", issues);
    }

    private void checkResponse(Operation operation, Exchange exchange, List<String> issues) {
        JsonNode responses = operation.node().path("responses");
        String code = Integer.toString(exchange.status());
        String key = responses.has(code) ? code : responses.has(code.charAt(0) + "XX") ? code.charAt(0) + "XX"
                : responses.has("default") ? "default" : null;
        if (key == null) {
            issues.add("status " + code + " is not documented (documented: " + names(responses) + ")");
            return;
        }
        Located response = resolve(responses.get(key), operation.pointer() + "/responses/" + key);
        checkHeaders(response, exchange.responseHeaders(), issues);
        JsonNode content = response.node().path("content");
        String body = exchange.responseBody();
        String type = baseType(exchange.responseHeaders().firstValue("Content-Type").orElse(""));
        if (content.isMissingNode() || content.isEmpty()) {
            if (body != null && !body.isEmpty()) {
                issues.add("status " + code + " documents no body, yet one was sent (" + type + ")");
            }
            return;
        }
        if (!content.has(type)) {
            issues.add("media type '" + type + "' is not documented for " + code + " (documented: " + names(content) + ")");
            return;
        }
        if (body == null || !content.get(type).has("schema")) {
            return;
        }
        String schema = response.pointer() + "/content/" + escape(type) + "/schema";
        if (type.equals("application/x-ndjson")) {
            String[] lines = body.split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isEmpty()) {
                    validateJson(schema, lines[i], "line " + (i + 1), issues);
                }
            }
        } else {
            validateJson(schema, body, "body", issues);
        }
    }

    private void checkHeaders(Located response, HttpHeaders sent, List<String> issues) {
        JsonNode declared = response.node().path("headers");
        for (Map.Entry<String, JsonNode> header : fields(declared)) {
            Located definition = resolve(header.getValue(),
                    response.pointer() + "/headers/" + escape(header.getKey()));
            Optional<String> value = sent.firstValue(header.getKey());
            if (value.isEmpty() && definition.node().path("required").asBoolean(false)) {
                issues.add("required header " + header.getKey() + " is missing");
            }
            if (value.isPresent()) {
                String schema = definition.pointer() + "/schema";
                validate(schema, scalar(value.get(), document.at(schema)), "header " + header.getKey(), issues);
            }
        }
        for (String name : CHECKED_HEADERS) {
            boolean isDeclared = fields(declared).stream().anyMatch(h -> h.getKey().equalsIgnoreCase(name));
            if (sent.firstValue(name).isPresent() && !isDeclared) {
                issues.add("header " + name + " is sent but not declared for this response");
            }
        }
    }

    /** A request the document calls invalid: refused, with a problem body. */
    private void checkRefusal(Exchange exchange, List<String> issues) {
        String type = baseType(exchange.responseHeaders().firstValue("Content-Type").orElse(""));
        if (exchange.responseBody() == null || exchange.responseBody().isEmpty()) {
            return;
        }
        if (!type.equals("application/problem+json")) {
            issues.add("a refusal is sent as '" + type + "', not application/problem+json");
            return;
        }
        validateJson(PROBLEM, exchange.responseBody(), "problem body", issues);
    }

    private void validateJson(String pointer, String text, String what, List<String> issues) {
        try {
            STRICT.readValue(text);
        } catch (IOException e) {
            issues.add(what + " is not one JSON value (or names a member twice)");
            return;
        }
        validate(pointer, text, what, issues);
    }

    private void validate(String pointer, String json, String what, List<String> issues) {
        Schema schema = schemas.computeIfAbsent(pointer,
                p -> registry.getSchema(SchemaLocation.of(documentUri + "#" + p)));
        try {
            schema.validate(json, InputFormat.JSON).forEach(error -> issues.add(what + " " + error));
        } catch (RuntimeException beyondTheSchema) {
            // e.g. 1e40 where the schema takes an int32: no value of the schema's type
            issues.add(what + " cannot be evaluated against " + pointer + ": " + beyondTheSchema.getMessage());
        }
    }

    /** A parameter or header value as JSON: a number where the schema takes an integer and the text is one. */
    private static String scalar(String value, JsonNode schema) {
        try {
            if (schema.path("type").asText().equals("integer") && value.matches("-?[0-9]{1,19}")) {
                return JSON.writeValueAsString(JSON.readTree(value));
            }
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A node of the document, followed through a local {@code $ref}, with its JSON pointer. */
    private record Located(String pointer, JsonNode node) {
    }

    private Located resolve(JsonNode node, String pointer) {
        while (node.has("$ref") && node.get("$ref").asText().startsWith("#/")) {
            pointer = node.get("$ref").asText().substring(1);
            node = document.at(pointer);
        }
        return new Located(pointer, node);
    }

    private List<Located> parameters(Operation operation) {
        List<Located> all = new ArrayList<>();
        JsonNode shared = operation.pathItem().path("parameters");
        for (int i = 0; i < shared.size(); i++) {
            all.add(resolve(shared.get(i), operation.pathItemPointer() + "/parameters/" + i));
        }
        JsonNode own = operation.node().path("parameters");
        for (int i = 0; i < own.size(); i++) {
            all.add(resolve(own.get(i), operation.pointer() + "/parameters/" + i));
        }
        return all;
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

    /** A path segment as the server reads it: percent-decoded, '+' kept. */
    private static String decodePath(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String baseType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        node.fields().forEachRemaining(entries::add);
        return entries;
    }

    private static List<String> names(JsonNode node) {
        return fields(node).stream().map(Map.Entry::getKey).toList();
    }

    private static String abbreviate(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }
}
