package dev.processledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Streamed NDJSON responses: an organization whose readers stall holds at most its own places, other
 * organizations export at once, and a reader that takes no bytes for the connection timeout loses its place.
 */
@H2Store
@TestPropertySource(properties = {"ledger.export.max-per-organization=2", "server.tomcat.connection-timeout=2s"})
class ExportFairnessTest extends ApiTestSupport {

    /** Enough history that an export cannot fit in the sockets' buffers of a reader that never reads. */
    private static final int PROCESSES = 200;

    private static final String DATA = "{\"blob\":\"" + "x".repeat(15_000) + "\"}";

    @LocalServerPort
    private int port;

    @Test
    void stalledReadersHoldOnlyTheirOrganizationsPlacesAndLoseThemAfterTheTimeout() throws Exception {
        String stalling = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Stalling"))
                .text("admin_token");
        for (int i = 0; i < PROCESSES; i++) {
            String id = api.post("/api/v1/processes", stalling, processBody("bulk", "a"))
                    .text("process_id");
            assertThat(api.post(
                                    "/api/v1/processes/" + id + "/update",
                                    stalling,
                                    "{\"type\":\"step_completed\",\"step\":\"a\",\"data\":" + DATA + "}")
                            .status())
                    .isEqualTo(200);
        }
        try (Socket first = stalledExport(stalling);
                Socket second = stalledExport(stalling)) {
            Thread.sleep(500);

            Api.Response third = api.get("/api/v1/audit/export", stalling);
            Api.Response otherEvents = api.get("/api/v1/audit/export", ADMIN_TOKEN);

            assertProblem(third, 429, "too-many-exports", null);
            assertThat(third.raw().headers().firstValue("Retry-After")).hasValue("5");
            assertThat(otherEvents.status())
                    .as("another organization's export: %s", otherEvents.raw().body())
                    .isEqualTo(200);
            long started = System.nanoTime();
            int status = 429;
            while (status == 429 && System.nanoTime() - started < 30_000_000_000L) {
                Thread.sleep(250);
                status = api.send(api.request("/api/v1/audit/export?after=" + Long.MAX_VALUE / 2, stalling)
                                .GET()
                                .build())
                        .status();
            }
            assertThat(status)
                    .as("places freed once the stalled writes time out")
                    .isEqualTo(200);
        }
    }

    /** Asks for the export and never reads the answer. */
    private Socket stalledExport(String token) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/v1/audit/export HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                        + "\r\nAccept: application/x-ndjson\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
