package dev.veojobs.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and chromedriver, driven by Selenium without Selenium Manager: both
 * executables are named explicitly, so nothing is downloaded and no network is touched. Missing
 * packages skip the browser test with the apt command that installs them (CI installs them).
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path BROWSER = Path.of(System.getProperty("veojobs.chromium", "/usr/bin/chromium"));
  static final Path DRIVER = Path.of(System.getProperty("veojobs.chromedriver", "/usr/bin/chromedriver"));

  /**
   * Selenium's CDP bindings lag Debian's Chromium and warn about it; the test speaks plain
   * WebDriver and needs none. Held here because java.util.logging forgets unreferenced loggers.
   */
  private static final java.util.List<Logger> QUIET_LOGGERS = java.util.List.of(
      Logger.getLogger("org.openqa.selenium.devtools"), Logger.getLogger("org.openqa.selenium.chromium"));

  private final Path profile;
  private final ChromeDriver driver;

  private HeadlessChromium(Path profile, ChromeDriver driver) {
    this.profile = profile;
    this.driver = driver;
  }

  static boolean installed() {
    return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
  }

  static String missingMessage() {
    return "Browser test skipped: " + BROWSER + " or " + DRIVER + " is missing. "
        + "Install them with: sudo apt-get install -y chromium chromium-driver";
  }

  /** Skips the calling test unless both Debian packages are installed. */
  static void assumeInstalled() {
    Assumptions.assumeTrue(installed(), HeadlessChromium::missingMessage);
  }

  static HeadlessChromium launch() {
    QUIET_LOGGERS.forEach(logger -> logger.setLevel(Level.SEVERE));
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    Path profile;
    try {
      profile = Files.createTempDirectory("veo-jobs-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions",
        "--autoplay-policy=no-user-gesture-required", "--window-size=1280,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER.toString()))
        .usingAnyFreePort()
        .withTimeout(Duration.ofSeconds(30))
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(15));
    return new HeadlessChromium(profile, driver);
  }

  ChromeDriver driver() {
    return driver;
  }

  String version() {
    return driver.getCapabilities().getBrowserVersion();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteProfile();
    }
  }

  private void deleteProfile() {
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp profile is harmless; the test result is what matters.
    }
  }
}
