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
 * A served OpenAPI document for {@link ContractValidator}: its operations by method and path template, its nodes
 * followed through local {@code $ref}s, and its schemas, evaluated by networknt's JSON Schema validator in the
 * OpenAPI 3.1 dialect with formats asserted. Schemas are built once each, on first use.
 */
final class ContractDocument {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** JSON as the server reads a body: one value, no member named twice. */
    private static final ObjectReader STRICT = JSON.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private final JsonNode document;
    private final String documentUri;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private ContractDocument(String documentUri, String documentText) {
        try {
            this.document = JSON.readTree(documentText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.documentUri = documentUri;
        this.registry = SchemaRegistry.withDialect(
                Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(documentUri, documentText))
                        .schemaRegistryConfig(SchemaRegistryConfig.builder()
                                .formatAssertionsEnabled(true)
                                .build()));
    }

    /** The document the service at {@code base} serves at {@code /v3/api-docs}. */
    static ContractDocument served(String base) {
        try {
            HttpResponse<String> served = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(base + "/v3/api-docs"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (served.statusCode() != 200) {
                throw new IllegalStateException("GET /v3/api-docs answered " + served.statusCode());
            }
            return new ContractDocument(base + "/v3/api-docs", served.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode at(String pointer) {
        return document.at(pointer);
    }

    /** The security requirements of an operation: its own, or the document's. */
    JsonNode security(Operation operation) {
        return operation.node().has("security") ? operation.node().get("security") : document.path("security");
    }

    /** An operation of the document, with the JSON pointer of its node and the path parameters' values. */
    record Operation(
            String pointer, JsonNode node, JsonNode pathItem, String pathItemPointer, Map<String, String> pathValues) {}

    /** The operation a request reaches: the matching path template with the most literal segments. */
    Optional<Operation> find(String method, String rawPath) {
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
                best = new Operation(
                        itemPointer + "/" + verb, entry.getValue().get(verb), entry.getValue(), itemPointer, values);
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    /** A node of the document, followed through a local {@code $ref}, with its JSON pointer. */
    record Located(String pointer, JsonNode node) {}

    Located resolve(JsonNode node, String pointer) {
        while (node.has("$ref") && node.get("$ref").asText().startsWith("#/")) {
            pointer = node.get("$ref").asText().substring(1);
            node = document.at(pointer);
        }
        return new Located(pointer, node);
    }

    /** The parameters of the operation's path item and of the operation itself. */
    List<Located> parameters(Operation operation) {
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

    /** Adds an issue per way {@code text} fails the schema at {@code pointer}, or one if it is no JSON. */
    void validateJson(String pointer, String text, String what, List<String> issues) {
        try {
            STRICT.readValue(text);
        } catch (IOException e) {
            issues.add(what + " is not one JSON value (or names a member twice)");
            return;
        }
        validate(pointer, text, what, issues);
    }

    void validate(String pointer, String json, String what, List<String> issues) {
        Schema schema =
                schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(documentUri + "#" + p)));
        try {
            schema.validate(json, InputFormat.JSON).forEach(error -> issues.add(what + " " + error));
        } catch (RuntimeException beyondTheSchema) {
            // e.g. 1e40 where the schema takes an int32: no value of the schema's type
            issues.add(what + " cannot be evaluated against " + pointer + ": " + beyondTheSchema.getMessage());
        }
    }

    /** A parameter or header value as JSON: a number where the schema takes an integer and the text is one. */
    static String scalar(String value, JsonNode schema) {
        try {
            if (schema.path("type").asText().equals("integer") && value.matches("-?[0-9]{1,19}")) {
                return JSON.writeValueAsString(JSON.readTree(value));
            }
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path segment as the server reads it: percent-decoded, '+' kept. */
    private static String decodePath(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return new ArrayList<>(node.properties());
    }

    static List<String> names(JsonNode node) {
        return fields(node).stream().map(Map.Entry::getKey).toList();
    }
}
