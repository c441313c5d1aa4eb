package dev.veojobs.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The reference web client as a user meets it: a form, the current-job panel, "Your jobs" and the
 * player. State is read with one script per question, so a re-render between two reads cannot
 * mix two versions of a job.
 */
final class WebClientPage {
  /** Reads a rendered job card; `root` is the card element or null. */
  private static final String CARD = """
      const card = arguments[0];
      if (!card) return null;
      const text = (sel) => { const e = card.querySelector(sel); return e ? e.textContent.trim() : null; };
      return { id: card.dataset.jobId, status: card.dataset.status, stage: card.dataset.stage,
               progressBar: card.querySelector('progress') ? String(card.querySelector('progress').value) : null,
               statusText: text('[data-testid=job-status]'),
               errorCode: text('[data-testid=job-error-code]'),
               errorMessage: text('[data-testid=job-error-message]') };
      """;

  private final ChromeDriver driver;
  private final String url;

  WebClientPage(ChromeDriver driver, String url) {
    this.driver = driver;
    this.url = url;
  }

  /** Opens the page as a new user on a new node: the client keeps both ids in localStorage. */
  WebClientPage openAsNewUser() {
    driver.get(url);
    driver.executeScript("localStorage.clear();");
    driver.get(url);
    waitUntil(Duration.ofSeconds(10), d -> !userId().isBlank() && !userId().equals("…"));
    return this;
  }

  void reload() {
    driver.navigate().refresh();
    waitUntil(Duration.ofSeconds(10), d -> !userId().isBlank() && !userId().equals("…"));
  }

  String userId() {
    return driver.findElement(By.id("user-id")).getText();
  }

  String nodeId() {
    return (String) driver.executeScript("return localStorage.getItem('veo-node-id');");
  }

  /**
   * Records every job card the current-job panel renders from now on, so a state the page showed
   * only briefly (PENDING right after the submit) is still seen.
   */
  void recordCurrentJobRenders() {
    driver.executeScript("""
        window.__renders = [];
        new MutationObserver((mutations) => {
          for (const m of mutations) for (const n of m.addedNodes) {
            if (n.dataset && n.dataset.testid === 'job') {
              const bar = n.querySelector('progress');
              window.__renders.push({ id: n.dataset.jobId, status: n.dataset.status, progress: bar ? bar.value : -1 });
            }
          }
        }).observe(document.getElementById('current-job'), { childList: true });
        """);
  }

  /** Status and progress bar value (-1: no bar) of each render recorded since {@link #recordCurrentJobRenders()}. */
  @SuppressWarnings("unchecked")
  List<java.util.Map<String, Object>> currentJobRenders() {
    return (List<java.util.Map<String, Object>>) driver.executeScript("return window.__renders || [];");
  }

  void submit(String prompt, int durationSeconds) {
    WebElement promptBox = driver.findElement(By.cssSelector("[data-testid=prompt]"));
    promptBox.clear();
    if (!prompt.isEmpty()) {
      promptBox.sendKeys(prompt);
    }
    new Select(driver.findElement(By.id("duration"))).selectByValue(String.valueOf(durationSeconds));
    driver.findElement(By.cssSelector("[data-testid=submit]")).click();
  }

  /** Puts files into a file input, as a user picking them would (Chromium reads them from disk). */
  void chooseFiles(String testId, List<Path> files) {
    WebElement input = driver.findElement(By.cssSelector("[data-testid=" + testId + "]"));
    input.sendKeys(String.join("\n", files.stream().map(f -> f.toAbsolutePath().toString()).toList()));
  }

  void selectModel(String model) {
    new Select(driver.findElement(By.cssSelector("[data-testid=model]"))).selectByValue(model);
  }

  boolean extendVisible() {
    return driver.findElement(By.cssSelector("[data-testid=extend-form]")).isDisplayed();
  }

  /** Continues the current job's video with a new prompt. */
  void extendCurrent(String prompt) {
    WebElement box = driver.findElement(By.cssSelector("[data-testid=extend-prompt]"));
    box.clear();
    box.sendKeys(prompt);
    driver.findElement(By.cssSelector("[data-testid=extend]")).click();
  }

  /** "extends {id}" on the current job's card, or null when it extends nothing. */
  String currentJobSource() {
    return (String) driver.executeScript(
        "const s = document.querySelector('#current-job [data-testid=job-source]'); return s ? s.textContent : null;");
  }

  /** Adds a duration the form does not offer, as an out-of-date copy of the page might. */
  void offerDuration(int seconds) {
    driver.executeScript("""
        const o = document.createElement('option');
        o.value = String(arguments[0]); o.textContent = arguments[0] + ' s';
        document.getElementById('duration').append(o);
        """, seconds);
  }

  JobCard currentJob() {
    return JobCard.from(driver.executeScript(
        "const c = document.querySelector('#current:not([hidden]) #current-job [data-testid=job]');" + CARD.replace("arguments[0]", "c")));
  }

  /** The "Your jobs" list, newest first. */
  List<JobCard> listedJobs() {
    @SuppressWarnings("unchecked")
    List<Object> cards = (List<Object>) driver.executeScript(
        "return [...document.querySelectorAll('#jobs [data-testid=job]')].map((c) => (() => {"
            + CARD.replace("arguments[0]", "c") + "})());");
    return cards.stream().map(JobCard::from).toList();
  }

  JobCard listedJob(String id) {
    return listedJobs().stream().filter(j -> j.id().equals(id)).findFirst().orElse(null);
  }

  /** The form's error box as the user reads it, or null while it is hidden. */
  String formError() {
    return (String) driver.executeScript(
        "const e = document.querySelector('[data-testid=form-error]'); return e.hidden ? null : e.innerText.trim();");
  }

  boolean fieldMarkedInvalid(String inputId) {
    return "true".equals(driver.findElement(By.id(inputId)).getDomAttribute("aria-invalid"));
  }

  boolean playerVisible() {
    return driver.findElement(By.id("player")).isDisplayed();
  }

  String openInNewTabHref() {
    return driver.findElement(By.cssSelector("[data-testid=open-video]")).getDomProperty("href");
  }

  VideoState video() {
    return VideoState.from(driver.executeScript("""
        const v = document.querySelector('[data-testid=video]');
        return { currentSrc: v.currentSrc, readyState: v.readyState, duration: v.duration,
                 currentTime: v.currentTime, paused: v.paused,
                 seekableEnd: v.seekable.length ? v.seekable.end(v.seekable.length - 1) : -1,
                 error: v.error ? (v.error.code + ': ' + v.error.message) : null };
        """));
  }

  /** Starts playback muted (autoplay rules allow it); resolves once play() settled. */
  String playMuted() {
    return (String) driver.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const v = document.querySelector('[data-testid=video]');
        v.muted = true;
        v.play().then(() => done('playing'), (e) => done('rejected: ' + e.message));
        """);
  }

  /** Seeks and waits for the element's `seeked` event; returns currentTime afterwards. */
  double seekTo(double seconds) {
    Object result = driver.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const v = document.querySelector('[data-testid=video]');
        v.pause();
        v.addEventListener('seeked', () => done(v.currentTime), { once: true });
        v.currentTime = arguments[0];
        """, seconds);
    return ((Number) result).doubleValue();
  }

  /** Opens the current job's history panel (a details element). */
  void openHistory() {
    driver.findElement(By.cssSelector("[data-testid=history] summary")).click();
  }

  /** The event types the history panel lists, oldest first. */
  @SuppressWarnings("unchecked")
  List<String> historyTypes() {
    return (List<String>) driver.executeScript(
        "return [...document.querySelectorAll('[data-testid=events] [data-testid=event]')].map((e) => e.dataset.type);");
  }

  /** The history panel's text as the user reads it. */
  String historyText() {
    return driver.findElement(By.cssSelector("[data-testid=events]")).getText();
  }

  /** Clicks "Delete job" and answers the confirmation with OK, as the user would. */
  void deleteCurrent() {
    driver.executeScript("window.confirm = () => true;");
    driver.findElement(By.cssSelector("[data-testid=delete]")).click();
  }

  boolean currentPanelVisible() {
    return driver.findElement(By.cssSelector("[data-testid=current-job]")).isDisplayed();
  }

  /** Clicks the current job's cancel control. */
  void cancelCurrent() {
    driver.findElement(By.cssSelector("[data-testid=cancel]")).click();
  }

  boolean cancelVisible() {
    return driver.findElement(By.cssSelector("[data-testid=cancel]")).isDisplayed();
  }

  /** The help text under the prompt, or null while hidden. */
  String promptHelp() {
    WebElement help = driver.findElement(By.cssSelector("[data-testid=prompt-help]"));
    return help.isDisplayed() ? help.getText() : null;
  }

  /**
   * From now on, records the Idempotency-Key of every create request the page sends and, when
   * {@link #loseNextCreateAnswer()} was called, lets the next create reach the server but answers
   * the page as if the connection had dropped: the job exists, the page does not know it.
   */
  void recordCreates() {
    driver.executeScript("""
        window.__creates = [];
        window.__loseNextCreate = false;
        const realFetch = window.fetch.bind(window);
        window.fetch = async (url, init = {}) => {
          const create = init.method === 'POST' && /\\/v1\\/jobs$/.test(String(url));
          if (create) window.__creates.push(new Headers(init.headers || {}).get('Idempotency-Key'));
          const response = await realFetch(url, init);
          if (create && window.__loseNextCreate) {
            window.__loseNextCreate = false;
            throw new TypeError('Failed to fetch');
          }
          return response;
        };
        """);
  }

  void loseNextCreateAnswer() {
    driver.executeScript("window.__loseNextCreate = true;");
  }

  /** The Idempotency-Key of each create sent since {@link #recordCreates()}, in order (null: none sent). */
  @SuppressWarnings("unchecked")
  List<String> createKeys() {
    return (List<String>) driver.executeScript("return window.__creates || [];");
  }

  /** Resizes the browser window; the viewport follows (headless Chromium has no window chrome). */
  void resize(int width, int height) {
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
    waitUntil(Duration.ofSeconds(5), d -> ((Number) driver.executeScript("return window.innerWidth;")).intValue() == width);
  }

  /** Whether the label of a form control takes one line and its text stays inside its own box. */
  boolean labelFitsOnOneLine(String inputId) {
    return (Boolean) driver.executeScript("""
        const label = document.querySelector('label[for="' + arguments[0] + '"]');
        const lineHeight = parseFloat(getComputedStyle(label).lineHeight);
        const oneLine = Math.round(label.getBoundingClientRect().height / lineHeight) === 1;
        return oneLine && label.scrollWidth <= label.clientWidth;
        """, inputId);
  }

  /** Whether the page is wider than the viewport (a sideways scroll on a phone). */
  boolean scrollsSideways() {
    return (Boolean) driver.executeScript("return document.documentElement.scrollWidth > window.innerWidth;");
  }

  /** Whether the current job's progress bar lies wholly inside the visible part of the page. */
  boolean currentProgressInView() {
    return (Boolean) driver.executeScript("""
        const bar = document.querySelector('#current:not([hidden]) #current-job progress');
        if (!bar) return false;
        const r = bar.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
        """);
  }

  void screenshot(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  <T> T waitUntil(Duration timeout, Function<ChromeDriver, T> condition) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> {
          T value = condition.apply((ChromeDriver) d);
          return value instanceof Boolean b ? (b ? value : null) : value;
        });
  }

  /** Waits until {@code check} holds, running {@code meanwhile} before every look (e.g. advancing the clock). */
  JobCard waitForCurrentJob(Duration timeout, Runnable meanwhile, java.util.function.Predicate<JobCard> check, String what) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
        .withMessage(() -> what + "; the page shows " + currentJob() + ", form error " + formError())
        .until(d -> {
          meanwhile.run();
          JobCard card = currentJob();
          return card != null && check.test(card) ? card : null;
        });
  }

  static boolean sameJob(JobCard card, String id) {
    return card != null && Objects.equals(card.id(), id);
  }
}
