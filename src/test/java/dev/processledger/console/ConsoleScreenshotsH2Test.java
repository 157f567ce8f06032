package dev.processledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Screenshots of the console's main views over a small, realistic history (docs/console.md). They land in
 * target/console-screenshots; {@code -Dconsole.screenshots=docs/console} refreshes the committed ones.
 */
@H2Store
class ConsoleScreenshotsH2Test extends ApiTestSupport {

    private Browser browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void screenshotsOfTheMainViews() throws InterruptedException {
        String release = history();
        browser = new Browser(baseUrl());
        browser.signIn(ADMIN_TOKEN);
        browser.waitForText("#list-summary", "Showing");
        browser.screenshot("processes");

        browser.open("#/processes/" + release);
        browser.waitFor(
                d -> !d.findElements(By.cssSelector("#process-gantt rect.bar")).isEmpty());
        browser.waitFor(d -> browser.find("#live").getText().contains("Live"));
        browser.screenshot("process");

        browser.find("#verify-button").click();
        browser.waitForText("#verify-result", "Chain valid");
        browser.find("#state-sequence").clear();
        browser.find("#state-sequence").sendKeys("4");
        browser.find("#state-form button").click();
        browser.waitForText("#state-result", "At sequence 4");
        browser.script("document.getElementById('audit').scrollIntoView();");
        browser.screenshot("audit");

        browser.open("#/approvals");
        browser.waitFor(d -> browser.find("#approvals-list").getText().contains("Approve Release web 12.3.0"));
        browser.screenshot("approvals");

        browser.open("#/tokens");
        browser.waitFor(
                d -> !d.findElements(By.cssSelector("#token-table tbody tr")).isEmpty());
        browser.find("#token-name").sendKeys("release-bot");
        browser.find("#scope-processes\\:write").click();
        browser.find("#token-create").click();
        browser.waitFor(d -> !d.findElements(By.id("token-secret")).isEmpty());
        // the secret is of this throwaway store; it is blurred out of the picture all the same
        browser.script("document.getElementById('token-secret').value = 'htk_' + '•'.repeat(64);");
        browser.screenshot("tokens");

        browser.open("#/analytics?days=1&bucket=hour");
        browser.waitFor(d -> !d.findElements(By.id("analytics-summary")).isEmpty());
        for (int i = 0; i < 100 && browser.find("#analytics-summary").getText().contains("Started\n0"); i++) {
            Thread.sleep(100);
            browser.open("#/analytics?days=1&bucket=hour&t=" + i);
            browser.waitFor(d -> !d.findElements(By.id("analytics-summary")).isEmpty());
        }
        assertThat(browser.find("#analytics-summary").getText()).doesNotContain("Started\n0");
        browser.screenshot("analytics");
    }

    /** Processes in three namespaces, most finished, one release mid-way; answers the release's id. */
    private String history() throws InterruptedException {
        String[][] finished = {
            {"deployments", "Deploy api-gateway 2.14.0", "ok"}, {"deployments", "Deploy billing 7.2.1", "ok"},
            {"data-jobs", "Nightly ledger export", "ok"}, {"deployments", "Deploy search 3.0.0", "fail"},
            {"data-jobs", "Reindex customers", "ok"}, {"releases", "Release mobile 5.4", "ok"},
            {"deployments", "Deploy payments 1.9.3", "ok"}, {"data-jobs", "Backfill invoices", "fail"},
        };
        for (String[] p : finished) {
            String id = create(p[0], p[1], "build", "test", "deploy");
            for (String step : List.of("build", "test")) {
                accepted(id, "{\"type\":\"step_started\",\"step\":\"" + step + "\"}");
                Thread.sleep(40);
                accepted(id, "{\"type\":\"step_completed\",\"step\":\"" + step + "\"}");
            }
            accepted(id, "{\"type\":\"step_started\",\"step\":\"deploy\"}");
            Thread.sleep(60);
            if (p[2].equals("ok")) {
                accepted(id, "{\"type\":\"step_completed\",\"step\":\"deploy\"}");
                accepted(id, "{\"type\":\"completed\",\"summary\":\"rolled out\"}");
            } else {
                accepted(id, "{\"type\":\"step_failed\",\"step\":\"deploy\",\"error\":\"health check failed\"}");
                accepted(id, "{\"type\":\"failed\",\"error\":\"deploy failed\"}");
            }
        }
        String release = create("releases", "Release web 12.3.0", "checkout", "build", "test", "approve", "deploy");
        accepted(release, "{\"type\":\"step_started\",\"step\":\"checkout\"}");
        Thread.sleep(150);
        accepted(release, "{\"type\":\"step_completed\",\"step\":\"checkout\",\"detail\":\"commit 4f2a9c1\"}");
        accepted(release, "{\"type\":\"step_started\",\"step\":\"build\"}");
        Thread.sleep(400);
        accepted(release, "{\"type\":\"step_completed\",\"step\":\"build\",\"data\":{\"image\":\"web:12.3.0\"}}");
        accepted(release, "{\"type\":\"step_started\",\"step\":\"test\"}");
        Thread.sleep(300);
        accepted(release, "{\"type\":\"step_failed\",\"step\":\"test\",\"error\":\"flaky: checkout-e2e\"}");
        accepted(release, "{\"type\":\"step_started\",\"step\":\"test\",\"detail\":\"retry\"}");
        accepted(release, "{\"type\":\"progress\",\"step\":\"test\",\"percent\":60,\"message\":\"312 of 520\"}");
        var approval = api.post(
                "/api/v1/tasks",
                ADMIN_TOKEN,
                Map.of(
                        "title", "Approve Release web 12.3.0 for production",
                        "process_id", release,
                        "process_step", "approve",
                        "instructions", "Check the release notes and the canary dashboard before approving.",
                        "assignee", "release managers",
                        "expires_in", 86400,
                        "distinct_approver", true));
        assertThat(approval.status()).as(approval.raw().body()).isEqualTo(201);
        return release;
    }

    private String create(String namespace, String name, String... steps) {
        List<Map<String, Object>> defs = java.util.Arrays.stream(steps)
                .map(k -> Map.<String, Object>of(
                        "key",
                        k,
                        "label",
                        Character.toUpperCase(k.charAt(0)) + k.substring(1),
                        "human",
                        k.equals("approve")))
                .toList();
        var created =
                api.post("/api/v1/processes", ADMIN_TOKEN, Map.of("namespace", namespace, "name", name, "steps", defs));
        assertThat(created.status()).isEqualTo(201);
        return created.text("process_id");
    }
}
