package dev.processledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Cross-origin calls: an allowed origin's preflight is answered before authentication and its calls carry the
 * CORS headers; any other origin gets none.
 */
@H2Store
@TestPropertySource(properties = "ledger.cors.allowed-origins=https://console.example.com")
class CorsApiTest extends ApiTestSupport {

    private Api.Response preflight(String origin) {
        return api.send(api.request("/api/v1/processes", null)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type, idempotency-key")
                .build());
    }

    @Test
    void anAllowedOriginsPreflightIsAnsweredWithoutAToken() {
        Api.Response response = preflight("https://console.example.com");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.raw().headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("https://console.example.com");
        assertThat(response.raw()
                        .headers()
                        .firstValue("Access-Control-Allow-Methods")
                        .orElseThrow())
                .contains("POST");
        assertThat(response.raw()
                        .headers()
                        .firstValue("Access-Control-Allow-Headers")
                        .orElseThrow()
                        .toLowerCase())
                .contains("authorization", "idempotency-key");
        Api.Response call = api.send(api.request("/api/v1/processes", ADMIN_TOKEN)
                .header("Origin", "https://console.example.com")
                .GET()
                .build());
        assertThat(call.status()).isEqualTo(200);
        assertThat(call.raw().headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("https://console.example.com");
    }

    @Test
    void anotherOriginGetsNoCorsHeaders() {
        Api.Response response = preflight("https://evil.example.com");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.raw().headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
        Api.Response call = api.send(api.request("/api/v1/processes", ADMIN_TOKEN)
                .header("Origin", "https://evil.example.com")
                .GET()
                .build());
        assertThat(call.raw().headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
        assertProblem(call, 403, "cors-rejected", "the request's Origin is not allowed to call this API");
        assertProblem(response, 403, "cors-rejected", null);
    }
}
