package dev.veojobs.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.veojobs.emulators.stack.LocalStack;
import dev.veojobs.emulators.stack.LocalStackOptions;
import dev.veojobs.emulators.stack.config.ExternalEmulators;
import dev.veojobs.emulators.veo.Outcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The reference web client (web/) in real headless Chromium against the local stack: what a user
 * sees while a job runs, after a reload, when the video plays, when a job fails, when the form is
 * filled in wrong, when a job is canceled, when a limit is reached, when an answer is lost, and on
 * a 390 px phone screen. Veo's minutes pass by advancing the stack's clock while the page polls.
 * Each test is a new user, allowed one job in flight, so a second submission meets the limit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebClientBrowserIT {
  private static final Duration PAGE_WAIT = Duration.ofSeconds(20);
  private static final Duration VEO_LATENCY = Duration.ofSeconds(60);
  /** Stack time skipped per look at the page: Veo latency and poll delays pass in a second or two. */
  private static final Duration STEP = Duration.ofSeconds(6);
  /**
   * The most one wait skips: Veo's latency plus room for the poll that notices. Encoding the MP4
   * and finalizing take wall-clock time; advancing all through them would only age the job
   * towards its deadline.
   */
  private static final Duration SKIP_BUDGET = VEO_LATENCY.plusSeconds(60);
  /** Screenshots for a person to look at (CI keeps target/); the assertions do not read them. */
  private static final Path SCREENSHOTS = Path.of("target", "browser");

  private static LocalStack stack;
  private static HeadlessChromium chromium;
  private WebClientPage page;

  @BeforeAll
  static void startStackAndBrowser() {
    if (!HeadlessChromium.installed()) {
      // Each test then skips with this reason; Failsafe drops a reason given here at class level.
      System.out.println(HeadlessChromium.missingMessage());
      return;
    }
    // Chromium starts while the stack does: together they are most of the test's fixed cost.
    CompletableFuture<HeadlessChromium> browser = CompletableFuture.supplyAsync(HeadlessChromium::launch);
    try {
      stack = LocalStack.start(LocalStackOptions.builder()
          .configDirectory(Path.of("..", "emulator-config"))
          .webDirectory(Path.of("..", "web"))
          .freePorts()
          .externalEmulators(ExternalEmulators.none())
          // Long enough that "mid-job" lasts through a reload; the test skips it with the clock.
          .veoLatency(VEO_LATENCY)
          .functionSetting("USER_MAX_IN_FLIGHT", "1")
          .build());
    } finally {
      chromium = browser.join();
    }
    System.out.println("Browser test ran in Chromium " + chromium.version()
        + " (" + HeadlessChromium.BROWSER + ") against " + stack.webUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @BeforeEach
  void openPageAsNewUser() {
    HeadlessChromium.assumeInstalled();
    page = new WebClientPage(chromium.driver(), stack.webUrl()).openAsNewUser();
  }

  @Test
  @Order(1)
  void submittedJobMovesFromPendingThroughProcessingToCompleted() {
    page.recordCurrentJobRenders();
    page.submit("a paper boat on a rainy street", 8);

    JobCard processing = page.waitForCurrentJob(PAGE_WAIT, () -> { },
        card -> card.status().equals("PROCESSING"), "the submitted job should show as PROCESSING");
    String jobId = processing.id();
    assertThat(processing.statusText()).startsWith("PROCESSING");
    assertThat(processing.progressBar()).as("the progress bar mid-job").isBetween(1, 99);
    assertThat(page.listedJob(jobId)).as("the current job is shown once: in its panel, not again in the list").isNull();
    assertThat(page.cancelVisible()).as("a live job can be canceled").isTrue();

    JobCard completed = page.waitForCurrentJob(PAGE_WAIT, advancingStackClock(),
        card -> WebClientPage.sameJob(card, jobId) && card.status().equals("COMPLETED"),
        "the job should complete once Veo's time has passed");
    assertThat(completed.progressBar()).as("the progress bar").isEqualTo(100);
    assertThat(completed.statusText()).isEqualTo("COMPLETED");
    assertThat(page.cancelVisible()).as("nothing to cancel once the job ended").isFalse();
    assertThat(page.listedJobs()).as("the list holds the other jobs; this user has none").isEmpty();

    List<Map<String, Object>> renders = page.currentJobRenders();
    assertThat(renders).extracting(r -> r.get("id")).containsOnly(jobId);
    assertThat(renders.stream().map(r -> (String) r.get("status")).distinct().toList())
        .as("statuses the current-job panel showed, in order")
        .containsExactly("PENDING", "PROCESSING", "COMPLETED");
    List<Integer> progress = renders.stream().map(r -> ((Number) r.get("progress")).intValue()).toList();
    assertThat(progress).as("the progress bar never goes backwards").isSorted();
    assertThat(progress.getFirst()).isLessThan(progress.getLast());

    // The first frame is decoded (HAVE_CURRENT_DATA) so the screenshot shows the video, not a spinner.
    page.waitUntil(PAGE_WAIT, d -> page.playerVisible() && page.video().readyState() >= 2);
    page.screenshot(SCREENSHOTS.resolve("completed.png"));
  }

  @Test
  @Order(2)
  void reloadMidJobResumesPollingTheSameJob() {
    page.submit("a lantern drifting over a lake at dusk", 6);
    String jobId = page.waitForCurrentJob(PAGE_WAIT, () -> { },
        card -> card.status().equals("PROCESSING"), "the job should be PROCESSING before the reload").id();

    page.reload();
    JobCard resumed = page.waitForCurrentJob(PAGE_WAIT, () -> { },
        card -> card != null, "after a reload the page should show the node's latest job");
    assertThat(resumed.id()).as("the job shown after the reload").isEqualTo(jobId);
    assertThat(resumed.status()).isEqualTo("PROCESSING");

    page.waitForCurrentJob(PAGE_WAIT, advancingStackClock(),
        card -> WebClientPage.sameJob(card, jobId) && card.status().equals("COMPLETED"),
        "the reloaded page should keep polling until the job completes");
    assertThat(page.listedJobs()).as("no second job was created (it would be current, and this one listed)").isEmpty();
  }

  @Test
  @Order(3)
  void completedVideoPlaysSeeksAndOpensOverHttp() throws Exception {
    page.submit("a red kite over green hills", 4);
    String jobId = page.waitForCurrentJob(PAGE_WAIT, advancingStackClock(),
        card -> card.status().equals("COMPLETED"), "the job should complete").id();

    VideoState loaded = page.waitUntil(PAGE_WAIT, d -> {
      VideoState state = page.video();
      return state.readyState() >= 1 || state.error() != null ? state : null;
    });
    assertThat(loaded.error()).as("media error").isNull();
    assertThat(loaded.duration()).as("video duration in seconds").isCloseTo(4.0, within(0.25));

    String href = page.openInNewTabHref();
    assertThat(href).as("the \"Open in new tab\" link").matches("https?://.+").doesNotStartWith("gs://");
    assertThat(loaded.currentSrc()).isEqualTo(href);
    HttpResponse<byte[]> partial = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(href)).header("Range", "bytes=0-1023").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(partial.statusCode()).as("a Range request on the signed URL (seeking needs it)").isEqualTo(206);
    assertThat(partial.body()).hasSize(1024);
    assertThat(partial.headers().firstValue("Content-Range")).hasValueSatisfying(v -> assertThat(v).startsWith("bytes 0-1023/"));

    assertThat(page.playMuted()).isEqualTo("playing");
    VideoState playing = page.waitUntil(PAGE_WAIT, d -> {
      VideoState state = page.video();
      return state.currentTime() > 0.2 ? state : null;
    });
    assertThat(playing.readyState()).isGreaterThanOrEqualTo(2);

    assertThat(page.seekTo(2.5)).as("currentTime after seeking").isCloseTo(2.5, within(0.05));
    assertThat(page.video().seekableEnd()).as("the whole video is seekable").isCloseTo(4.0, within(0.25));
    assertThat(page.currentJob().id()).isEqualTo(jobId);
  }

  @Test
  @Order(4)
  void failedJobShowsReadableErrorAndCode() {
    stack.veo().scriptForPromptContaining("[safety]", Outcome.SAFETY_FILTERED);
    page.submit("a lighthouse in a storm [safety]", 8);

    JobCard failed = page.waitForCurrentJob(PAGE_WAIT, advancingStackClock(),
        JobCard::terminal, "the job should end");
    assertThat(failed.status()).isEqualTo("FAILED");
    assertThat(failed.errorCode()).isEqualTo("SAFETY_FILTERED");
    assertThat(failed.progressBar()).as("a failed job shows no (full) progress bar").isNull();
    assertThat(failed.errorMessage()).containsIgnoringCase("safety").doesNotContain("gs://").doesNotContain("projects/");
    assertThat(page.playerVisible()).as("no player for a failed job").isFalse();
    assertThat(page.listedJob(failed.id())).as("shown once").isNull();
    page.screenshot(SCREENSHOTS.resolve("failed.png"));
  }

  @Test
  @Order(5)
  void emptyPromptIsRejectedInThePageWithoutCreatingAJob() {
    assertThat(page.promptHelp()).as("the help under the prompt names the fake Veo's markers")
        .contains("[safety]").contains("[error]").contains("[no-video]").contains("[quota]");
    page.submit("", 8);

    String error = page.waitUntil(Duration.ofSeconds(5), d -> page.formError());
    assertThat(error).isEqualTo("Please enter a prompt.");
    assertThat(page.fieldMarkedInvalid("prompt")).isTrue();
    assertThat(page.currentJob()).isNull();
    assertThat(page.listedJobs()).isEmpty();
  }

  @Test
  @Order(6)
  void apiValidationErrorNamesTheFieldToFix() {
    page.offerDuration(5);
    page.submit("a snail racing a tortoise", 5);

    String error = page.waitUntil(Duration.ofSeconds(10), d -> page.formError());
    assertThat(error).as("the form's error, as the user reads it")
        .contains("Duration: must be one of 4, 6, 8").doesNotContain("parameters.duration_seconds");
    assertThat(page.fieldMarkedInvalid("duration")).isTrue();
    assertThat(page.currentJob()).isNull();
    assertThat(page.listedJobs()).isEmpty();
    page.screenshot(SCREENSHOTS.resolve("invalid-request.png"));
  }

  @Test
  @Order(7)
  void cancelingALiveJobEndsItAndFreesItsPlace() {
    page.submit("a clock tower at noon", 8);
    String canceled = page.waitForCurrentJob(PAGE_WAIT, () -> { },
        card -> card.status().equals("PROCESSING"), "the job should be PROCESSING").id();

    page.cancelCurrent();
    JobCard ended = page.waitForCurrentJob(PAGE_WAIT, () -> { },
        card -> WebClientPage.sameJob(card, canceled) && card.terminal(), "the canceled job should end");
    assertThat(ended.status()).isEqualTo("CANCELED");
    assertThat(ended.progressBar()).as("no progress bar on a canceled job").isNull();
    assertThat(page.cancelVisible()).isFalse();

    // One job in flight is this user's limit: the canceled one no longer counts.
    page.submit("a clock tower at midnight", 4);
    String next = page.waitForCurrentJob(PAGE_WAIT, () -> { },
        card -> !card.id().equals(canceled), "a new job should be accepted after the cancel").id();
    assertThat(page.formError()).isNull();
    page.waitUntil(PAGE_WAIT, d -> page.listedJob(canceled) != null);
    assertThat(page.listedJob(canceled).status()).as("the canceled job, now in the list").isEqualTo("CANCELED");
    assertThat(page.listedJob(next)).isNull();
  }

  @Test
  @Order(8)
  void aLimitSaysWhichAndWhenToTryAgain() {
    page.submit("a fox in the snow", 8);
    String first = page.waitForCurrentJob(PAGE_WAIT, () -> { },
        card -> card.status().equals("PROCESSING"), "the first job should be PROCESSING").id();

    page.submit("a fox in the rain", 8);
    String error = page.waitUntil(Duration.ofSeconds(10), d -> page.formError());
    assertThat(error).as("a 429 as the user reads it")
        .contains("jobs in progress").contains("Try again in 60 s.")
        .doesNotContain("per_user_in_flight").doesNotContain("Please correct").doesNotContain("•");
    assertThat(page.currentJob().id()).as("the job being followed").isEqualTo(first);
    page.screenshot(SCREENSHOTS.resolve("limit.png"));
  }

  @Test
  @Order(9)
  void aRetriedSubmissionSendsTheSameIdempotencyKeyAndCreatesOneJob() {
    page.recordCreates();
    page.loseNextCreateAnswer();
    page.submit("a kite over the dunes", 4);
    String error = page.waitUntil(Duration.ofSeconds(10), d -> page.formError());
    assertThat(error).contains("Could not reach the jobs service");

    page.submit("a kite over the dunes", 4);
    String id = page.waitForCurrentJob(PAGE_WAIT, () -> { }, card -> card != null, "the retry should show the job").id();
    page.submit("a kite over the dunes", 4); // a new submission once the first has its job: the limit answers

    List<String> keys = page.waitUntil(Duration.ofSeconds(10), d -> page.createKeys().size() == 3 ? page.createKeys() : null);
    assertThat(keys).as("Idempotency-Key of each create").doesNotContainNull()
        .allSatisfy(k -> assertThat(k).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
    assertThat(keys.get(1)).as("the retry of the same submission").isEqualTo(keys.get(0));
    assertThat(keys.get(2)).as("a new submission").isNotEqualTo(keys.get(0));
    assertThat(page.currentJob().id()).isEqualTo(id);
    assertThat(page.listedJobs()).as("the lost answer's job is the one shown: no second job").isEmpty();
    String limit = page.waitUntil(Duration.ofSeconds(10), d -> page.formError());
    assertThat(limit).contains("jobs in progress");
  }

  @Test
  @Order(10)
  void onA390PixelPhoneTheFormFitsAndTheJobShowsAfterGenerate() {
    try {
      page.resize(390, 844);
      page.reload();
      for (String control : List.of("duration", "aspect", "resolution")) {
        assertThat(page.labelFitsOnOneLine(control)).as("the label of " + control + " on one line, inside its column").isTrue();
      }
      assertThat(page.scrollsSideways()).as("a sideways scroll").isFalse();

      page.submit("a lighthouse keeper's cat", 4);
      page.waitForCurrentJob(PAGE_WAIT, () -> { }, card -> card != null, "the job should show");
      page.waitUntil(PAGE_WAIT, d -> page.currentProgressInView());
      assertThat(page.scrollsSideways()).isFalse();
      page.screenshot(SCREENSHOTS.resolve("phone-390.png"));
    } finally {
      page.resize(1280, 1000);
    }
  }

  /** A small real PNG on disk, for the file inputs; the fake Veo does not read images, the worker checks their type. */
  private static Path png(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name);
    java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
    javax.imageio.ImageIO.write(image, "png", file.toFile());
    return file;
  }

  /** What the fake Veo was sent for the start whose prompt is {@code prompt}: {@code instances[0]}. */
  /**
   * What Veo was sent for {@code prompt}. The page shows PROCESSING once the start is claimed, a
   * moment before the worker's call reaches the fake Veo, so this waits (wall clock) for the call.
   */
  private static com.fasterxml.jackson.databind.JsonNode sentToVeo(String prompt) throws Exception {
    long giveUp = System.nanoTime() + PAGE_WAIT.toNanos();
    while (true) {
      var start = stack.veo().starts().stream().filter(s -> prompt.equals(s.prompt())).reduce((a, b) -> b);
      if (start.isPresent()) {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(start.get().instanceJson());
      }
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("Veo was never asked for " + prompt);
      }
      Thread.sleep(50);
    }
  }

  @Test
  @Order(20)
  void aFirstAndALastFrameReachVeoAndTheFinishedVideoCanBeExtended() throws Exception {
    page.chooseFiles("first-frame", List.of(png("first.png")));
    page.chooseFiles("last-frame", List.of(png("last.png")));
    page.submit("a kite rises and falls", 8);
    JobCard first = page.waitForCurrentJob(PAGE_WAIT, advancingStackClock(),
        card -> card != null && card.status().equals("COMPLETED"), "the framed job should complete");
    com.fasterxml.jackson.databind.JsonNode framed = sentToVeo("a kite rises and falls");
    assertThat(framed.at("/image/gcsUri").asText()).contains("/uploads/").endsWith(".png");
    assertThat(framed.at("/lastFrame/gcsUri").asText()).contains("/uploads/").endsWith(".png")
        .isNotEqualTo(framed.at("/image/gcsUri").asText());
    assertThat(page.extendVisible()).as("a completed job offers Extend").isTrue();

    page.extendCurrent("the kite flies out to sea");
    JobCard extension = page.waitForCurrentJob(PAGE_WAIT, advancingStackClock(),
        card -> card != null && !card.id().equals(first.id()) && card.status().equals("COMPLETED"),
        "the extension should become the current job and complete");
    assertThat(page.currentJobSource()).isEqualTo("extends " + first.id());
    assertThat(sentToVeo("the kite flies out to sea").at("/video/gcsUri").asText())
        .endsWith("/videos/" + page.userId() + "/" + first.id() + ".mp4");

    page.reload();
    page.waitForCurrentJob(PAGE_WAIT, () -> { }, card -> card != null && card.id().equals(extension.id()),
        "after a reload the node's newest job is the extension");
  }

  @Test
  @Order(21)
  void referenceImagesReachVeoWithTheFullModel() throws Exception {
    page.selectModel("veo-3.1-generate-001");
    page.chooseFiles("references", List.of(png("ref-a.png"), png("ref-b.png")));
    page.submit("a teapot on a shelf", 8);
    page.waitForCurrentJob(PAGE_WAIT, () -> { }, card -> card != null && !card.status().equals("PENDING"),
        "the job with references should start");

    com.fasterxml.jackson.databind.JsonNode sent = sentToVeo("a teapot on a shelf");
    assertThat(sent.path("referenceImages")).hasSize(2);
    assertThat(sent.at("/referenceImages/0/referenceType").asText()).isEqualTo("asset");
    assertThat(stack.veo().starts().stream().filter(s -> s.prompt().equals("a teapot on a shelf")).findFirst()
        .orElseThrow().model()).isEqualTo("veo-3.1-generate-001");
  }

  /** Advances the stack's clock by {@link #STEP} each time it runs, up to {@link #SKIP_BUDGET} in all. */
  private static Runnable advancingStackClock() {
    AtomicLong left = new AtomicLong(SKIP_BUDGET.toMillis());
    return () -> {
      if (left.getAndAdd(-STEP.toMillis()) > 0) {
        stack.clock().advance(STEP);
      }
    };
  }

  @Test
  @Order(11)
  void theHistoryPanelListsTheJobsEventsAndDeleteRemovesTheJob() {
    stack.veo().scriptForPromptContaining("[safety]", Outcome.SAFETY_FILTERED);
    page.submit("a kettle on a stove [safety]", 4);
    JobCard failed = page.waitForCurrentJob(PAGE_WAIT, advancingStackClock(), JobCard::terminal, "the job should end");

    page.openHistory();
    page.waitUntil(PAGE_WAIT, d -> page.historyTypes().contains("job.failed"));
    assertThat(page.historyTypes()).as("oldest first").containsExactly("job.created", "job.started", "job.failed");
    assertThat(page.historyText()).contains("SAFETY_FILTERED").doesNotContain("gs://");
    page.screenshot(SCREENSHOTS.resolve("history.png"));

    page.deleteCurrent();
    page.waitUntil(PAGE_WAIT, d -> !page.currentPanelVisible());
    assertThat(page.listedJob(failed.id())).as("not moved to the list either").isNull();
    page.reload();
    page.waitUntil(PAGE_WAIT, d -> page.listedJobs().isEmpty() && !page.currentPanelVisible());
  }
}
