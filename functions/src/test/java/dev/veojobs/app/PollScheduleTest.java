package dev.veojobs.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veojobs.job.Job;
import dev.veojobs.job.JobRequest;
import dev.veojobs.job.TestJobs;
import dev.veojobs.job.VideoParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollScheduleTest {
  private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
  private static final PipelineSettings FIXED = Fixtures.settings();
  private static final PipelineSettings ADAPTIVE = new PipelineSettings(FIXED.videoBucket(), FIXED.jobDeadline(),
      FIXED.pollFirstDelay(), FIXED.pollInterval(), FIXED.pollMaxInterval(), FIXED.startLease(),
      FIXED.sweepStallAfter(), FIXED.signedUrlTtl(), FIXED.admissionLimits(), true);

  @Test
  void theExpectedTimeGrowsWithModelLengthAndResolution() {
    Duration fast4 = ExpectedGeneration.of("veo-3.1-fast-generate-001", 4, "720p");
    Duration fast8 = ExpectedGeneration.of("veo-3.1-fast-generate-001", 8, "720p");
    Duration standard8 = ExpectedGeneration.of("veo-3.1-generate-001", 8, "720p");
    Duration standard8Hd = ExpectedGeneration.of("veo-3.1-generate-001", 8, "1080p");
    assertThat(fast4).isLessThan(fast8);
    assertThat(fast8).isLessThan(standard8);
    assertThat(standard8).isLessThan(standard8Hd);
    assertThat(fast4).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(45));
    assertThat(standard8Hd).isBetween(Duration.ofSeconds(90), Duration.ofSeconds(120));
  }

  /** Issue 10: poll rarely early, often near the expected end; a ready video is seen within seconds. */
  @Test
  void adaptivePollingWaitsForTheExpectedWindowThenPollsEveryFewSeconds() {
    for (Job job : List.of(job("veo-3.1-fast-generate-001", 4, "720p"), job("veo-3.1-generate-001", 8, "1080p"))) {
      Duration expected = PollSchedule.expected(job);
      List<Duration> polls = chain(job, ADAPTIVE, expected.plusMinutes(10));

      assertThat(polls.get(0)).isEqualTo(ADAPTIVE.pollFirstDelay());
      assertThat(polls.get(1)).as("second poll: 70 %% of %s", expected)
          .isEqualTo(Duration.ofMillis(Math.round(expected.toMillis() * 0.7)));
      long inWindow = polls.stream().filter(p -> p.compareTo(expected.multipliedBy(13).dividedBy(10)) <= 0).count();
      assertThat(inWindow).as("polls until 130 %% of the expected time (the worst case)").isLessThanOrEqualTo(15);
      // Wherever in the ±30 % window the video becomes ready, the next poll is at most 5 s later.
      for (int percent = 70; percent <= 130; percent++) {
        Duration ready = Duration.ofMillis(expected.toMillis() * percent / 100);
        Duration seen = polls.stream().filter(p -> p.compareTo(ready) >= 0).findFirst().orElseThrow();
        assertThat(seen.minus(ready)).as("ready at %s %%", percent).isLessThanOrEqualTo(Duration.ofSeconds(5));
      }
      // Later than usual: the gaps grow, up to POLL_MAX_INTERVAL, never below the shortest gap the sweeper assumes.
      for (int i = 1; i < polls.size(); i++) {
        Duration gap = polls.get(i).minus(polls.get(i - 1));
        assertThat(gap).isGreaterThanOrEqualTo(PollSchedule.shortestGap(ADAPTIVE))
            .isLessThanOrEqualTo(Duration.ofSeconds(70));
      }
      Duration lastGap = polls.get(polls.size() - 1).minus(polls.get(polls.size() - 2));
      assertThat(lastGap).isEqualTo(ADAPTIVE.pollMaxInterval());
    }
  }

  @Test
  void theFixedScheduleGrowsByHalfToTheLongestGap() {
    Job job = job("veo-3.1-generate-001", 8, "720p");
    List<Duration> gaps = new ArrayList<>();
    for (int poll = 1; poll <= 5; poll++) {
      gaps.add(PollSchedule.delayAfter(poll, 1, job, T0, FIXED));
    }
    assertThat(gaps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofMillis(22_500),
        Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  /** Poll times since the job started, as the worker would schedule them, up to {@code until}. */
  private static List<Duration> chain(Job job, PipelineSettings settings, Duration until) {
    List<Duration> polls = new ArrayList<>();
    Instant at = T0.plus(PollSchedule.firstDelay(settings));
    int poll = 1;
    while (Duration.between(T0, at).compareTo(until) <= 0) {
      polls.add(Duration.between(T0, at));
      at = at.plus(PollSchedule.delayAfter(poll, 1, job, at, settings));
      poll++;
    }
    return polls;
  }

  private static Job job(String model, int seconds, String resolution) {
    JobRequest base = TestJobs.request();
    VideoParameters p = base.parameters();
    VideoParameters parameters = new VideoParameters(seconds, p.aspectRatio(), resolution, p.sampleCount(),
        p.seed(), p.generateAudio(), p.personGeneration(), p.enhancePrompt());
    JobRequest request = new JobRequest(base.prompt(), base.negativePrompt(), model, base.image(), parameters,
        base.nodeId(), base.projectId(), base.webhookUrl());
    Job job = TestJobs.job("j1").request(request).at(T0).generating();
    assertThat(job.startedAt()).isEqualTo(T0);
    return job;
  }
}
