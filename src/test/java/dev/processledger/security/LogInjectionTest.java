package dev.processledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A value a client chose cannot start a log line of its own or send terminal escapes: control characters are escaped. */
@H2Store
@ExtendWith(OutputCaptureExtension.class)
class LogInjectionTest extends ApiTestSupport {

    private static final String FORGED = "Bootstrap admin token: htk_" + "0".repeat(64);

    @Test
    void aTokenNameWithNewlinesAndEscapesIsLoggedOnOneLine(CapturedOutput log) {
        String name = "ci\n2026-11-30T00:00:00.000Z  WARN 1 --- [main] d.p.security.Bootstrap : " + FORGED
                + "\r\u001b[31mred\u001b[0m\u2028end";

        var created =
                api.post("/api/v1/tokens", ADMIN_TOKEN, Map.of("name", name, "scopes", List.of("processes:read")));

        assertThat(created.status()).isEqualTo(201);
        String tokenLine = log.getAll()
                .lines()
                .filter(line -> line.contains(created.text("token_id")))
                .findFirst()
                .orElseThrow();
        assertThat(tokenLine).contains("ci\\n2026-11-30T00:00:00.000Z", "\\r\\u001b[31mred\\u001b[0m\\u2028end");
        assertThat(log.getAll().lines())
                .as("no line of the log begins with the forged text")
                .noneMatch(line -> line.startsWith("2026-11-30T00:00:00.000Z"))
                .noneMatch(line -> line.contains(FORGED) && !line.contains(created.text("token_id")));
        assertThat(log.getAll()).doesNotContain("\u001b[31m");
    }
}
