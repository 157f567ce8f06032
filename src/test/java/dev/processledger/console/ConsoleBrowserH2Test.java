package dev.processledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The web console in headless Chromium against the whole service on the embedded H2 store, over real HTTP. */
@H2Store
class ConsoleBrowserH2Test extends ApiTestSupport {

    private static Browser browser;

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** One browser for the class, started once the service's port is known. */
    @BeforeEach
    void freshSession() {
        if (browser == null) {
            browser = new Browser(baseUrl());
        }
        browser.open("");
        browser.script("sessionStorage.clear();");
        browser.open("");
    }

    @Test
    void aWrongTokenIsRefusedWithTheServersMessage() {
        browser.signIn("htk_" + "0".repeat(64));

        assertThat(browser.waitForText("#signin-error", "Invalid token")).contains("Sign-in failed");
        assertThat(browser.find("#nav").isDisplayed()).isFalse();
        assertThat(browser.script("return sessionStorage.length;")).isEqualTo(0L);
    }

    @Test
    void aRevokedTokenIsRefusedAsRevoked() {
        Api.Response created =
                api.post("/api/v1/tokens", ADMIN_TOKEN, Map.of("name", "gone", "scopes", List.of("processes:read")));
        assertThat(api.delete("/api/v1/tokens/" + created.text("token_id"), ADMIN_TOKEN)
                        .status())
                .isEqualTo(204);

        browser.signIn(created.text("token"));

        browser.waitForText("#signin-error", "Token revoked");
    }

    @Test
    void signsInFiltersOpensAProcessAndFollowsItLive() {
        String namespace = uniqueNamespace();
        String other = uniqueNamespace();
        String id = createProcess(namespace, "build", "test", "deploy");
        createProcess(other, "build");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}");
        accepted(id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":40,\"message\":\"compiling\"}");

        browser.signIn(ADMIN_TOKEN);
        browser.waitFor(d -> browser.find("#nav").isDisplayed());
        assertThat(browser.script("return sessionStorage.getItem('process-ledger.token');"))
                .isEqualTo(ADMIN_TOKEN);
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(ADMIN_TOKEN);
        browser.waitForText("#list-summary", "Showing");
        assertThat(rows()).hasSizeGreaterThanOrEqualTo(2);

        browser.find("#filter-namespace").sendKeys(namespace);
        browser.find("#filter-apply").click();
        browser.waitFor(d -> rows().size() == 1 && rows().get(0).getText().contains(namespace));
        assertThat(browser.find("#list-summary").getText()).isEqualTo("Showing 1–1 of 1");

        rows().get(0).findElement(By.cssSelector("a")).click();
        browser.waitForText("#process-head h1", "Deploy " + namespace);
        assertThat(stepRow("build").getText()).contains("running").contains("40 %");
        assertThat(browser.find("#process-gantt").findElements(By.cssSelector("rect.bar")))
                .hasSize(1);
        browser.waitFor(d -> browser.find("#live").getText().contains("Live"));

        long posted = System.nanoTime();
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"build\"}");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"test\"}");
        browser.waitFor(Duration.ofSeconds(2), d -> stepRow("test").getText().contains("running"));
        assertThat(Duration.ofNanos(System.nanoTime() - posted)).isLessThan(Duration.ofSeconds(2));
        assertThat(stepRow("build").getText()).contains("completed");
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/processes/" + id);

        browser.find("#verify-button").click();
        String verdict = browser.waitForText("#verify-result", "Chain valid");
        JsonNode verified =
                api.get("/api/v1/processes/" + id + "/verify", ADMIN_TOKEN).json();
        assertThat(verdict)
                .contains(verified.path("events").asText() + " events")
                .contains(verified.path("head_hash").asText());
        browser.waitFor(d -> browser.driver
                        .findElements(By.cssSelector("#audit-events tbody tr"))
                        .size()
                >= 3);
        assertThat(browser.find("#audit-events").getText())
                .contains("bootstrap")
                .contains("step_started");

        browser.script("const d = new Date(); d.setMinutes(d.getMinutes() - d.getTimezoneOffset());"
                + " document.getElementById('state-instant').value = d.toISOString().slice(0, 19);");
        browser.find("#state-form button").click();
        assertThat(browser.waitForText("#state-result", "running")).startsWith("At ");
        assertThat(browser.find("#state-result").getText()).contains("attempt 1");
    }

    @Test
    void approvesAPendingHumanStepAndTheStepCompletes() {
        String id = createProcess(uniqueNamespace(), "build", "review");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"review\"}");
        Api.Response task = api.post(
                "/api/v1/tasks",
                ADMIN_TOKEN,
                Map.of(
                        "title",
                        "Approve the release " + id,
                        "process_id",
                        id,
                        "process_step",
                        "review",
                        "instructions",
                        "Check the release notes"));
        assertThat(task.status()).as(task.raw().body()).isEqualTo(201);
        String taskId = task.text("task_id");

        browser.signIn(ADMIN_TOKEN);
        browser.waitFor(d -> browser.find("#nav").isDisplayed());
        browser.open("#/approvals");
        WebElement item = browser.waitFor(d -> taskItem(taskId));
        assertThat(item.getText())
                .contains("Approve the release " + id)
                .contains("review")
                .contains("release notes");

        item.findElement(By.cssSelector("textarea.comment")).sendKeys("notes checked");
        item.findElement(By.cssSelector("button.approve")).click();
        browser.waitFor(d -> taskItem(taskId).getText().contains("Approved"));

        JsonNode decided = api.get("/api/v1/tasks/" + taskId, ADMIN_TOKEN).json();
        assertThat(decided.path("status").asText()).isEqualTo("approved");
        assertThat(decided.path("comment").asText()).isEqualTo("notes checked");
        browser.open("#/processes/" + id);
        browser.waitFor(d -> stepRow("review").getText().contains("completed"));
        assertThat(api.get("/api/v1/processes/" + id, ADMIN_TOKEN)
                        .json()
                        .path("timeline")
                        .get(1)
                        .path("status")
                        .asText())
                .isEqualTo("completed");
    }

    @Test
    void aRefusedDecisionShowsTheServersReason() {
        String processCreator = api.post(
                        "/api/v1/tokens",
                        ADMIN_TOKEN,
                        Map.of("name", "deployer", "scopes", List.of("processes:write", "processes:read")))
                .text("token");
        String id = api.post("/api/v1/processes", processCreator, processBody(uniqueNamespace(), "review"))
                .text("process_id");
        String taskId = api.post(
                        "/api/v1/tasks",
                        ADMIN_TOKEN,
                        Map.of(
                                "title",
                                "Four eyes " + id,
                                "process_id",
                                id,
                                "process_step",
                                "review",
                                "distinct_approver",
                                true))
                .text("task_id");

        browser.signIn(ADMIN_TOKEN);
        browser.waitFor(d -> browser.find("#nav").isDisplayed());
        browser.open("#/approvals");
        WebElement item = browser.waitFor(d -> taskItem(taskId));
        item.findElement(By.cssSelector("button.approve")).click();

        browser.waitFor(d -> taskItem(taskId).getText().contains("distinct approver"));
        assertThat(api.get("/api/v1/tasks/" + taskId, ADMIN_TOKEN).text("status"))
                .isEqualTo("pending");
    }

    @Test
    void createsATokenShowsItsSecretOnceAndRevokesIt() {
        browser.signIn(ADMIN_TOKEN);
        browser.waitFor(d -> browser.find("#nav-tokens").isDisplayed());
        browser.find("#nav-tokens").click();
        browser.waitFor(d -> !browser.driver
                .findElements(By.cssSelector("#token-table tbody tr"))
                .isEmpty());

        browser.find("#token-name").sendKeys("ci-reader");
        browser.find("#token-create").click();
        String secret = browser.waitFor(d -> {
            String value = browser.find("#token-secret").getAttribute("value");
            return value == null || value.isEmpty() ? null : value;
        });
        assertThat(secret).matches("htk_[0-9a-f]{64}");
        assertThat(api.get("/api/v1/processes?limit=1", secret).status()).isEqualTo(200);
        WebElement row = browser.waitFor(d -> tokenRow("ci-reader"));
        assertThat(row.getText()).contains("processes:read").contains("active").doesNotContain(secret);

        browser.open("#/processes");
        browser.open("#/tokens");
        browser.waitFor(d -> tokenRow("ci-reader"));
        assertThat(browser.driver.findElements(By.id("token-secret"))).isEmpty();
        assertThat(browser.driver.getPageSource()).doesNotContain(secret);

        WebElement revoke = tokenRow("ci-reader").findElement(By.cssSelector("button.revoke"));
        revoke.click();
        assertThat(revoke.getText()).contains("Confirm");
        revoke.click();
        browser.waitFor(d -> {
            WebElement after = tokenRow("ci-reader");
            return after != null && after.getText().contains("revoked");
        });
        assertThat(api.get("/api/v1/processes?limit=1", secret).text("error")).isEqualTo("Token revoked");
    }

    @Test
    void signingOutClearsTheSession() {
        browser.signIn(ADMIN_TOKEN);
        browser.waitFor(d -> browser.find("#sign-out").isDisplayed());
        assertThat(browser.script("return sessionStorage.length;")).isEqualTo(1L);
        assertThat(browser.script("return localStorage.length + document.cookie.length;"))
                .isEqualTo(0L);

        browser.find("#sign-out").click();

        browser.waitFor(d -> browser.find("#signin").isDisplayed());
        assertThat(browser.script("return sessionStorage.length;")).isEqualTo(0L);
        assertThat(browser.find("#nav").isDisplayed()).isFalse();
        assertThat(browser.find("#content").getText()).isEmpty();
    }

    private List<WebElement> rows() {
        return browser.driver.findElements(By.cssSelector("#process-rows tr[data-process-id]"));
    }

    private WebElement stepRow(String step) {
        return browser.find("#process-steps tr[data-step='" + step + "']");
    }

    private WebElement taskItem(String taskId) {
        return browser.driver.findElements(By.cssSelector("#approvals-list li[data-task-id]")).stream()
                .filter(item -> taskId.equals(item.getAttribute("data-task-id")))
                .findFirst()
                .orElse(null);
    }

    private WebElement tokenRow(String name) {
        return browser.driver.findElements(By.cssSelector("#token-table tbody tr")).stream()
                .filter(r -> name.equals(r.getAttribute("data-token-name")))
                .findFirst()
                .orElse(null);
    }
}
