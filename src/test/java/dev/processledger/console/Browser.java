package dev.processledger.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from the machine's packages ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}); both
 * paths are given, so Selenium Manager never looks for (or downloads) a driver.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("console.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("console.chromedriver", "/usr/bin/chromedriver");

    /** Where screenshots go: target/ by default, docs/console with {@code -Dconsole.screenshots=docs/console}. */
    private static final Path SCREENSHOTS =
            Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));

    final ChromeDriver driver;
    private final String base;

    Browser(String base) {
        this.base = base;
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=en-GB");
        driver = new ChromeDriver(service, options);
    }

    void open(String hash) {
        driver.get(base + "/" + hash);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    <T> T waitFor(Function<WebDriver, T> condition) {
        return waitFor(Duration.ofSeconds(10), condition);
    }

    /** The visible text of the first element matching, once it contains the expected text. */
    String waitForText(String css, String expected) {
        return waitFor(d -> {
            var found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).getText().contains(expected)
                    ? null
                    : found.get(0).getText();
        });
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    void signIn(String token) {
        open("");
        waitFor(d -> find("#token-input").isDisplayed());
        find("#token-input").sendKeys(token);
        find("#signin-button").click();
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
