package dev.processledger.process.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /processes}: filters, sort, paging and their bad values, end to end. */
public abstract class ProcessListContract extends ApiTestSupport {

    @Test
    void listsTheNamespaceNewestFirstWithSummaries() {
        String namespace = uniqueNamespace();
        String first = createOrdered(namespace, 1, "a", "b");
        String second = createOrdered(namespace, 2, "a");
        accepted(second, "{\"type\":\"step_started\",\"step\":\"a\"}");

        JsonNode page = list("?namespace=" + namespace);

        assertThat(page.path("total").asLong()).isEqualTo(2);
        assertThat(page.path("limit").asInt()).isEqualTo(50);
        assertThat(page.path("offset").asInt()).isZero();
        assertThat(page.path("processes").findValuesAsText("process_id")).containsExactly(second, first);
        JsonNode summary = page.path("processes").get(0);
        assertThat(summary.path("namespace").asText()).isEqualTo("default." + namespace);
        assertThat(summary.path("status").asText()).isEqualTo("running");
        assertThat(summary.path("current_step").asText()).isEqualTo("a");
        assertThat(summary.path("step_count").asInt()).isEqualTo(1);
        assertThat(summary.path("task_ids").isArray()).isTrue();
        assertThat(summary.path("task_ids")).isEmpty();
        assertThat(summary.has("timeline")).isFalse();
        assertThat(page.path("processes").get(1).path("step_count").asInt()).isEqualTo(2);
    }

    @Test
    void sortsOldestFirstAndPages() {
        String namespace = uniqueNamespace();
        List<String> ids = List.of(
                createOrdered(namespace, 1, "a"), createOrdered(namespace, 2, "a"), createOrdered(namespace, 3, "a"));

        JsonNode page = list("?namespace=" + namespace + "&sort=oldest&limit=2&offset=1");

        assertThat(page.path("total").asLong()).isEqualTo(3);
        assertThat(page.path("limit").asInt()).isEqualTo(2);
        assertThat(page.path("offset").asInt()).isEqualTo(1);
        assertThat(page.path("processes").findValuesAsText("process_id")).containsExactly(ids.get(1), ids.get(2));
    }

    @Test
    void filtersByStatusAndBySearchIgnoringCase() {
        String namespace = uniqueNamespace();
        String done = createProcessNamed(namespace, "Release Alpha");
        createProcessNamed(namespace, "release beta");
        accepted(done, "{\"type\":\"completed\"}");

        assertThat(list("?namespace=" + namespace + "&status=completed")
                        .path("processes")
                        .findValuesAsText("process_id"))
                .containsExactly(done);
        assertThat(list("?namespace=" + namespace + "&status=running")
                        .path("total")
                        .asLong())
                .isEqualTo(1);
        assertThat(list("?namespace=" + namespace + "&search=RELEASE")
                        .path("total")
                        .asLong())
                .isEqualTo(2);
        assertThat(list("?namespace=" + namespace + "&search=alph")
                        .path("processes")
                        .findValuesAsText("process_id"))
                .containsExactly(done);
        assertThat(list("?namespace=" + namespace + "&search=%25").path("total").asLong())
                .as("LIKE wildcards in the search text are literal")
                .isZero();
    }

    @Test
    void acceptsTheNamespaceShortOrOrganizationPrefixed() {
        String namespace = uniqueNamespace();
        String id = createProcess(namespace, "a");

        assertThat(list("?namespace=default." + namespace).path("processes").findValuesAsText("process_id"))
                .containsExactly(id);
        assertThat(list("?namespace=" + namespace).path("processes").findValuesAsText("process_id"))
                .containsExactly(id);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "status, paused",
        "sort, newest-first",
        "limit, 0",
        "limit, 201",
        "limit, ten",
        "offset, -1",
        "offset, 1.5",
        "namespace, a b"
    })
    void invalidParametersAre400(String parameter, String value) {
        Api.Response response = api.get(
                "/api/v1/processes?" + parameter + "="
                        + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8),
                ADMIN_TOKEN);

        assertInvalid(response, parameter);
    }

    private JsonNode list(String query) {
        Api.Response response = api.get("/api/v1/processes" + query, ADMIN_TOKEN);
        assertThat(response.status()).as("list %s: %s", query, response.json()).isEqualTo(200);
        return response.json();
    }

    /**
     * Creates processes whose ids ascend with {@code n}: processes started in the same millisecond are ordered by
     * id, so the creation order is also the sort order.
     */
    private String createOrdered(String namespace, int n, String... steps) {
        String id = "%08x-0000-4000-8000-%012x".formatted(namespace.hashCode(), n);
        Map<String, Object> body = new java.util.HashMap<>(processBody(namespace, steps));
        body.put("process_id", id);
        Api.Response created = api.post("/api/v1/processes", ADMIN_TOKEN, body);
        assertThat(created.status()).as("create: %s", created.json()).isEqualTo(201);
        return id;
    }

    private String createProcessNamed(String namespace, String name) {
        Api.Response created = api.post(
                "/api/v1/processes",
                ADMIN_TOKEN,
                Map.of("namespace", namespace, "name", name, "steps", List.of(Map.of("key", "a", "label", "A"))));
        assertThat(created.status()).isEqualTo(201);
        return created.text("process_id");
    }
}
