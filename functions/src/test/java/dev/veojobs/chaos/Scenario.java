package dev.veojobs.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One measured situation: what the clients do ({@link Workload}), what goes wrong
 * ({@link FaultPlan}), how often ({@code trials}) and from which {@code seed}. Trial {@code n}
 * draws everything it chooses (prompts, timings, which jobs get a webhook or a cancel, which steps
 * lose their answer) from {@code new Random(seed + n)}; thread timing and the fake Veo's jitter
 * are not seeded, so two runs agree on what was tried, not necessarily on every interleaving.
 */
record Scenario(String name, String summary, long seed, int trials, Workload workload, FaultPlan faults,
    Duration maxVirtualTime) {

  /** Whether the emulators can inject what this scenario needs today. */
  boolean runnable() {
    return faults.missingSwitch().isEmpty();
  }

  Random random(int trial) {
    return new Random(seed + trial);
  }

  /**
   * The clients of one trial. {@code jobs} jobs from {@code users} users (round robin), created
   * {@code spread} apart at most (zero: all at once); a share of them name the user's node, ask
   * for a webhook, or are canceled {@code 0..cancelWithin} after they were accepted. The prompts
   * carry {@code promptMarkers} (the fake Veo's scripted outcomes) in turn, from a random first one,
   * so every marker is used once there are as many jobs; an empty string is a plain prompt.
   */
  record Workload(int jobs, int users, Duration spread, double nodeShare, double webhookShare,
      double cancelShare, Duration cancelWithin, List<String> promptMarkers, boolean mixedModels) {

    static Workload of(int jobs, int users) {
      return new Workload(jobs, users, Duration.ofSeconds(20), 0.5, 0.5, 0, Duration.ZERO, List.of(""), false);
    }

    /** Jobs of both Veo 3.1 models and both resolutions (expected generation times of about 35–105 s). */
    Workload withMixedModels() {
      return new Workload(jobs, users, spread, nodeShare, webhookShare, cancelShare, cancelWithin, promptMarkers, true);
    }

    Workload webhooks(double share) {
      return new Workload(jobs, users, spread, nodeShare, share, cancelShare, cancelWithin, promptMarkers, mixedModels);
    }

    Workload spread(Duration spread) {
      return new Workload(jobs, users, spread, nodeShare, webhookShare, cancelShare, cancelWithin, promptMarkers,
          mixedModels);
    }

    Workload canceling(double share, Duration within) {
      return new Workload(jobs, users, spread, nodeShare, webhookShare, share, within, promptMarkers, mixedModels);
    }

    Workload markers(String... markers) {
      return new Workload(jobs, users, spread, nodeShare, webhookShare, cancelShare, cancelWithin, List.of(markers),
          mixedModels);
    }

    /** The jobs of one trial, in creation order. */
    List<PlannedJob> plan(Random random, String webhookUrl) {
      List<PlannedJob> planned = new ArrayList<>();
      int firstMarker = random.nextInt(promptMarkers.size());
      for (int i = 0; i < jobs; i++) {
        String uid = "chaos-user-" + (i % users);
        Duration at = spread.isZero() ? Duration.ZERO : Duration.ofMillis((long) (random.nextDouble() * spread.toMillis()));
        String marker = promptMarkers.get((firstMarker + i) % promptMarkers.size());
        int duration = new int[] {4, 6, 8}[random.nextInt(3)];
        // One prompt for all (plus the marker): the fake Veo renders each distinct clip once, which keeps
        // trials fast; jobs are told apart by their output prefix, not their prompt.
        StringBuilder body = new StringBuilder("{\"prompt\":\"a chaos test clip")
            .append(marker.isEmpty() ? "" : " " + marker).append('"')
            .append(",\"parameters\":{\"duration_seconds\":").append(duration);
        if (mixedModels) {
          body.append(",\"resolution\":\"").append(random.nextBoolean() ? "720p" : "1080p").append('"');
        }
        body.append('}');
        if (mixedModels) {
          body.append(",\"model\":\"")
              .append(random.nextBoolean() ? "veo-3.1-generate-001" : "veo-3.1-fast-generate-001").append('"');
        }
        if (random.nextDouble() < nodeShare) {
          body.append(",\"node_id\":\"node-").append(uid).append('"');
        }
        if (random.nextDouble() < webhookShare) {
          body.append(",\"webhook_url\":\"").append(webhookUrl).append('"');
        }
        body.append('}');
        Duration cancelAfter = random.nextDouble() < cancelShare
            ? Duration.ofMillis((long) (random.nextDouble() * cancelWithin.toMillis()))
            : null;
        planned.add(new PlannedJob(uid, at, body.toString(), "chaos-" + Long.toHexString(random.nextLong()), cancelAfter));
      }
      planned.sort((a, b) -> a.at().compareTo(b.at()));
      return planned;
    }
  }

  /** One job a client will ask for: when (after the trial began), the body, its Idempotency-Key, and a cancel. */
  record PlannedJob(String uid, Duration at, String body, String idempotencyKey, Duration cancelAfter) {}
}
