package dev.processledger.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A small HTTP client for the ledger's API: real requests over a socket, JSON in and out. */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final ContractValidator contract;

    public Api(String base) {
        this(base, null);
    }

    /** With a validator, every exchange is checked against the contract and a mismatch fails the request. */
    public Api(String base, ContractValidator contract) {
        this.base = base;
        this.contract = contract;
    }

    /** A response: status, headers and the body parsed as JSON (a missing node when it is not JSON). */
    public record Response(int status, HttpResponse<String> raw, JsonNode json) {

        public String contentType() {
            return raw.headers().firstValue("Content-Type").orElse("");
        }

        public String text(String field) {
            return json.path(field).asText(null);
        }
    }

    public Response get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    public Response delete(String path, String token) {
        return send(request(path, token).DELETE().build());
    }

    public Response post(String path, String token, String jsonBody) {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody))
                .build());
    }

    public Response post(String path, String token, Object body) {
        try {
            return post(path, token, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates a process with one step {@code work} and starts that step; returns the process id. Fails unless both
     * requests are accepted.
     */
    public String startedProcess(String token, String namespace, String name) {
        Response created = post(
                "/api/v1/processes",
                token,
                Map.of("namespace", namespace, "name", name, "steps", List.of(Map.of("key", "work", "label", "Work"))));
        String id = created.text("process_id");
        Response started =
                post("/api/v1/processes/" + id + "/update", token, "{\"type\":\"step_started\",\"step\":\"work\"}");
        if (created.status() != 201 || started.status() != 200) {
            throw new IllegalStateException("could not start a process: " + created.status() + " " + started.status());
        }
        return id;
    }

    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (contract != null) {
                contract.check(new Exchange(
                        request.method(),
                        request.uri(),
                        request.headers(),
                        Exchange.bodyOf(request),
                        response.statusCode(),
                        response.headers(),
                        response.body()));
            }
            boolean isJson =
                    response.headers().firstValue("Content-Type").orElse("").contains("json");
            JsonNode json = isJson && !response.body().isEmpty() ? JSON.readTree(response.body()) : JSON.missingNode();
            return new Response(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
