import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Loads the console's processes list LOADS times in headless Chromium (signed in through sessionStorage) and reports,
 * per list variant, the median and worst time from navigation start to the rows rendered (the page's 'list-ready'
 * mark) and, measured from outside, to the first row's link being clickable; and how many API requests each load
 * made (resource timing entries under /api/, plus the one live stream, which stays open).
 *
 * <pre>java -cp SELENIUM_CLASSPATH bench/ConsoleListBench.java BASE_URL TOKEN LOADS</pre>
 */
public class ConsoleListBench {

    public static void main(String[] args) {
        String base = args[0];
        String token = args[1];
        int loads = Integer.parseInt(args[2]);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(base + "/");
            ((JavascriptExecutor) driver)
                    .executeScript("sessionStorage.setItem('process-ledger.token', arguments[0]);", token);
            Map<String, String> variants = new java.util.LinkedHashMap<>();
            variants.put("newest, 50 per page", "#/processes");
            variants.put("status=failed", "#/processes?status=failed");
            variants.put("namespace=team-3", "#/processes?namespace=team-3");
            variants.put("search=service-7-4", "#/processes?search=service-7-4");
            variants.put("oldest, 200 per page", "#/processes?sort=oldest&limit=200");
            variants.put("last page (offset 99950)", "#/processes?offset=99950");
            System.out.printf("%-26s %10s %10s %12s %12s %9s %s%n", "list", "ready p50", "ready max", "click p50",
                    "click max", "requests", "total shown");
            for (var variant : variants.entrySet()) {
                List<Double> ready = new ArrayList<>();
                List<Double> clickable = new ArrayList<>();
                long requests = 0;
                String summary = "";
                for (int i = 0; i < loads + 1; i++) {
                    driver.get("about:blank");
                    long t0 = System.nanoTime();
                    driver.get(base + "/" + variant.getValue());
                    new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(5))
                            .until(ExpectedConditions.elementToBeClickable(
                                    By.cssSelector("#process-rows tr[data-process-id] a")));
                    double click = (System.nanoTime() - t0) / 1e6;
                    JavascriptExecutor js = driver;
                    double mark = ((Number) js.executeScript(
                                    "return performance.getEntriesByName('list-ready')[0].startTime;"))
                            .doubleValue();
                    requests = (Long) js.executeScript("return performance.getEntriesByType('resource')"
                            + ".filter(e => e.name.includes('/api/')).length;");
                    summary = driver.findElement(By.id("list-summary")).getText();
                    if (i > 0) { // the first load warms the browser's cache of the console's files
                        ready.add(mark);
                        clickable.add(click);
                    }
                }
                System.out.printf("%-26s %8.0f ms %8.0f ms %10.0f ms %10.0f ms %6d + 1 %s%n", variant.getKey(),
                        median(ready), Collections.max(ready), median(clickable), Collections.max(clickable),
                        requests, summary);
            }
        } finally {
            driver.quit();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
