package dev.processledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.net.http.HttpHeaders;
import org.junit.jupiter.api.Test;

/** The console's pages and modules carry a strict policy; the API and Swagger UI answer as they did before. */
@H2Store
class ConsoleHeadersH2Test extends ApiTestSupport {

    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    @Override
    protected boolean checksContract() {
        return false; // the console's files are not part of the API contract
    }

    @Test
    void theConsolePageCarriesTheStrictPolicy() {
        Api.Response page = api.get("/", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.raw().body()).contains("<script type=\"module\" src=\"console/app.js\">");
        assertStrict(page.raw().headers());
    }

    @Test
    void aScriptModuleCarriesTheStrictPolicyAndAScriptType() {
        Api.Response module = api.get("/console/app.js", null);

        assertThat(module.status()).isEqualTo(200);
        assertThat(module.contentType()).startsWith("text/javascript");
        assertThat(module.raw().body()).contains("import");
        assertStrict(module.raw().headers());
        assertStrict(api.get("/console/console.css", null).raw().headers());
    }

    @Test
    void theConsoleNeedsNothingInline() {
        String page = api.get("/", null).raw().body();

        assertThat(page).doesNotContain("style=").doesNotContain("onclick").doesNotContainPattern("<script>");
    }

    @Test
    void swaggerUiKeepsItsOwnHeaders() {
        Api.Response ui = api.get("/swagger-ui/index.html", null);

        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.raw().headers().firstValue("Content-Security-Policy")).isEmpty();
        assertThat(ui.raw().headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void theApiStillAsksForATokenAndAnswersWithoutThePolicy() {
        Api.Response anonymous = api.get("/api/v1/processes", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.text("error")).isEqualTo("Unauthorized");
        assertThat(anonymous.raw().headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

        Api.Response list = api.get("/api/v1/processes?limit=1", ADMIN_TOKEN);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.raw().headers().firstValue("Content-Security-Policy")).isEmpty();
        assertThat(list.raw().headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    private static void assertStrict(HttpHeaders headers) {
        assertThat(headers.firstValue("Content-Security-Policy")).hasValue(POLICY);
        assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(headers.firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
    }
}
