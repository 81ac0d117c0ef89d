package dev.flashsale.salepage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium from the operating system (Debian's {@code chromium} and
 * {@code chromium-driver}; other paths through {@code FLASHSALE_TEST_CHROMIUM} and
 * {@code FLASHSALE_TEST_CHROMEDRIVER}). Both paths are given explicitly, so Selenium Manager never
 * downloads a browser or a driver, and every host but 127.0.0.1 fails to resolve: a test page can
 * never reach the internet.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(env("FLASHSALE_TEST_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(env("FLASHSALE_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final String baseUrl;

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    Browser(String baseUrl) {
        this.baseUrl = baseUrl;
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--lang=ko-KR", "--window-size=1280,900",
                        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
    }

    /** A new tab (its own sessionStorage, so its own shopper) at the sale page, every other tab closed. */
    Browser freshPage(int width, int height) {
        String old = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        String fresh = driver.getWindowHandle();
        for (String handle : driver.getWindowHandles()) {
            if (!handle.equals(fresh)) {
                driver.switchTo().window(handle).close();
            }
        }
        driver.switchTo().window(fresh);
        driver.manage().window().setSize(new Dimension(width, height));
        return open("/");
    }

    /** Another tab beside the current one: a second shopper in the same browser. Returns the previous tab's handle. */
    String secondTab(String path) {
        String first = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        open(path);
        return first;
    }

    void switchTo(String handle) {
        driver.switchTo().window(handle);
    }

    String currentTab() {
        return driver.getWindowHandle();
    }

    Browser open(String path) {
        driver.get(baseUrl + path);
        until(d -> "true".equals(d.findElement(By.tagName("html")).getDomAttribute("data-ready")));
        return this;
    }

    WebElement find(String css) {
        return until(d -> d.findElement(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The visible text of the first element matching css, once it contains {@code expected}. */
    String waitForText(String css, String expected) {
        return until("'" + css + "' to contain '" + expected + "' (it shows '" + textOf(css) + "')", d -> {
            String text = textOf(css);
            return text != null && text.contains(expected) ? text : null;
        });
    }

    String textOf(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(0).getText();
    }

    <T> T until(Function<WebDriver, T> condition) {
        return until("the page", condition);
    }

    <T> T until(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).ignoring(org.openqa.selenium.NoSuchElementException.class)
                .withMessage(() -> "waited 15 s for " + what).until(condition::apply);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    /** Scrolls the element matching css into the middle of the viewport, then takes the screenshot. */
    void showAndShoot(String css, String name) {
        script("arguments[0].scrollIntoView({block: 'center'})", find(css));
        screenshot(name);
    }

    /** Saves the viewport to target/screenshots/{name}.png for a person to look at. */
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

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
