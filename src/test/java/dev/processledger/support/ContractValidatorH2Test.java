package dev.processledger.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract check can fail: exchanges that break the served document in one way each are refused, with a message
 * naming the request and the mismatch. Real exchanges of this suite pass through {@link Api} as in every suite.
 */
@H2Store
class ContractValidatorH2Test extends ApiTestSupport {

    private static final String PROCESS = """
            {"process_id":"%s","namespace":"default.x","name":"n","description":null,"status":"running",\
            "current_step":null,"step_defs":[],"timeline":[],"task_ids":[],"started_at":"2026-01-01T00:00:00Z",\
            "completed_at":null,"summary":null,"error":null,"updated_at":"2026-01-01T00:00:00Z","version":0}""".formatted(UUID.randomUUID());

    private Exchange exchange(
            String method,
            String path,
            String requestBody,
            int status,
            String contentType,
            String responseBody,
            Map<String, List<String>> extraHeaders) {
        Map<String, List<String>> headers = new java.util.HashMap<>(extraHeaders);
        headers.put("Content-Type", List.of(contentType));
        Map<String, List<String>> request =
                Map.of("Authorization", List.of("Bearer " + ADMIN_TOKEN), "Content-Type", List.of("application/json"));
        return new Exchange(
                method,
                URI.create(baseUrl() + path),
                HttpHeaders.of(request, (a, b) -> true),
                requestBody,
                status,
                HttpHeaders.of(headers, (a, b) -> true),
                responseBody);
    }

    private ContractValidator contract() {
        return ContractValidator.forServer(baseUrl());
    }

    private String processPath() {
        return "/api/v1/processes/" + UUID.randomUUID();
    }

    @Test
    void aMatchingExchangePasses() {
        contract().check(exchange("GET", processPath(), "", 200, "application/json", PROCESS, Map.of()));
        String id = createProcess(uniqueNamespace(), "build");
        assertThat(api.get("/api/v1/processes/" + id, ADMIN_TOKEN).status()).isEqualTo(200);
    }

    @Test
    void aMissingRequiredMemberFails() {
        String withoutDescription = PROCESS.replace("\"description\":null,", "");

        assertThatThrownBy(() -> contract()
                        .check(exchange(
                                "GET", processPath(), "", 200, "application/json", withoutDescription, Map.of())))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /api/v1/processes/")
                .hasMessageContaining("required property 'description' not found");
    }

    @Test
    void anUndeclaredMemberOrNullFails() {
        assertThatThrownBy(() -> contract()
                        .check(exchange(
                                "GET",
                                processPath(),
                                "",
                                200,
                                "application/json",
                                PROCESS.replace("\"version\":0", "\"version\":0,\"processId\":\"x\""),
                                Map.of())))
                .hasMessageContaining("property 'processId' is not defined");
        assertThatThrownBy(() -> contract()
                        .check(exchange(
                                "GET",
                                processPath(),
                                "",
                                200,
                                "application/json",
                                PROCESS.replace("\"name\":\"n\"", "\"name\":null"),
                                Map.of())))
                .hasMessageContaining("/name: null found, string expected");
    }

    @Test
    void anUndocumentedStatusMediaTypeOrHeaderFails() {
        assertThatThrownBy(() ->
                        contract().check(exchange("GET", processPath(), "", 418, "application/json", "{}", Map.of())))
                .hasMessageContaining("status 418 is not documented");
        assertThatThrownBy(() ->
                        contract().check(exchange("GET", processPath(), "", 200, "text/plain", PROCESS, Map.of())))
                .hasMessageContaining("media type 'text/plain' is not documented for 200");
        assertThatThrownBy(() -> contract()
                        .check(exchange(
                                "GET",
                                processPath(),
                                "",
                                200,
                                "application/json",
                                PROCESS,
                                Map.of("Retry-After", List.of("5")))))
                .hasMessageContaining("header Retry-After is sent but not declared");
        assertThatThrownBy(() -> contract()
                        .check(exchange(
                                "GET", processPath(), "", 429, "application/problem+json", problem(429), Map.of())))
                .hasMessageContaining("required header Retry-After is missing");
    }

    @Test
    void aRequestTheContractCallsInvalidMustNotBeAccepted() {
        String camelCase = "{\"namespace\":\"x\",\"name\":\"n\",\"steps\":[{\"key\":\"a\",\"label\":\"A\"}],"
                + "\"staleAfterSeconds\":60}";
        String created =
                "{\"process_id\":\"%s\",\"namespace\":\"default.x\",\"name\":\"n\",\"started_at\":\"2026-01-01T00:00:00Z\"}"
                        .formatted(UUID.randomUUID());

        assertThatThrownBy(() -> contract()
                        .check(exchange(
                                "POST", "/api/v1/processes", camelCase, 201, "application/json", created, Map.of())))
                .hasMessageContaining("the contract calls this request invalid, yet the server accepted it")
                .hasMessageContaining("staleAfterSeconds");
        contract()
                .check(exchange(
                        "POST",
                        "/api/v1/processes",
                        camelCase,
                        400,
                        "application/problem+json",
                        problem(400),
                        Map.of()));
        assertThatThrownBy(() -> contract()
                        .check(exchange(
                                "POST", "/api/v1/processes/x/cancel", "", 200, "application/json", "{}", Map.of())))
                .hasMessageContaining("has no operation POST");
    }

    private static String problem(int status) {
        return "{\"type\":\"https://process-ledger.dev/problems/x\",\"title\":\"X\",\"status\":%d,\"detail\":\"d\",\"error\":\"d\"}"
                .formatted(status);
    }
}
