package dev.veojobs.chaos;

import static dev.veojobs.chaos.FaultPlan.emulator;

import dev.veojobs.chaos.FaultPlan.Emulator;

import dev.veojobs.chaos.Scenario.Workload;
import dev.veojobs.emulators.stack.LocalStack;
import dev.veojobs.emulators.veo.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scenarios, as data: the general ones (faults the emulators inject today, the 300-job burst)
 * and the crash table of the reliability design — every fault point of every step, each with the
 * outcome the design promises, and the switch it still needs when the emulators cannot inject it.
 */
final class Scenarios {
  /** How big a run is: the full measurement, a quick look, or the small version {@code mvn verify} runs. */
  enum Scale {
    FULL(10, 8, 4, 300, 100, 50),
    QUICK(3, 6, 3, 60, 20, 10),
    INTEGRATION_TEST(1, 4, 2, 24, 8, 10);

    final int trials;
    final int jobs;
    final int users;
    final int burstJobs;
    final int burstUsers;
    /**
     * Fake-Veo starts a minute during the burst: Veo 3.1's 50 at full size. Smaller bursts get a
     * smaller quota, though not in proportion below 10: the queue's own rate (48 dispatches a minute,
     * polls included) already keeps starts under 50, so a proportional 5 would make the small burst
     * far harsher than the real one (and every refused start costs the worker about a second).
     */
    final int burstQuota;

    Scale(int trials, int jobs, int users, int burstJobs, int burstUsers, int burstQuota) {
      this.trials = trials;
      this.jobs = jobs;
      this.users = users;
      this.burstJobs = burstJobs;
      this.burstUsers = burstUsers;
      this.burstQuota = burstQuota;
    }
  }

  static final long DEFAULT_SEED = 20260901L;
  private static final Duration LIMIT = Duration.ofHours(1);
  private static final Outcome REFUSED = Outcome.startError(429, "RESOURCE_EXHAUSTED",
      "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model.");
  private static final Outcome UNAVAILABLE = Outcome.startError(503, "UNAVAILABLE", "The service is currently unavailable.");

  private Scenarios() {}

  /** Every scenario, the crash table's included, in report order; {@code seed} is the run's base seed. */
  static List<Scenario> all(Scale scale, long seed) {
    Catalog c = new Catalog(scale, seed);
    Workload jobs = Workload.of(scale.jobs, scale.users);

    c.add("baseline", "no fault: the control", jobs, FaultPlan.none());
    c.add("duplicate-sequential", "every task delivered twice, one after the other", jobs,
        FaultPlan.duplicateDelivery(false));
    c.add("duplicate-concurrent", "every task delivered twice at the same time", jobs,
        FaultPlan.duplicateDelivery(true));
    c.add("late-delivery", "every task delivered 40 s after it was due", jobs,
        FaultPlan.lateDelivery(Duration.ofSeconds(40)));
    c.add("lost-responses", "during 30% of the steps every answer is lost after the handler ran (task retried)",
        jobs, FaultPlan.lostResponses(0.3));
    c.add("replay-after-completion", "after every job ended, every old task body is created again under a new name",
        jobs, FaultPlan.replayAfterCompletion());
    c.add("veo-outcomes", "prompts scripted to be safety-filtered, fail, finish without video, hit 429 twice, "
        + "lose their operation (NOT_FOUND) or meet a 503 before Veo accepts",
        Workload.of(Math.max(7, scale.jobs), Math.max(7, scale.jobs))
            .markers("", "[safety]", "[error]", "[no-video]", "[quota]", "[gone]", "[busy]"),
        FaultPlan.all(FaultPlan.veoScript(Map.of("[gone]", Outcome.NOT_FOUND), 0),
            FaultPlan.veoScript(Map.of("[busy]", UNAVAILABLE), 2)));
    c.add("veo-429-rate", "30% of Veo starts answer 429", jobs,
        emulator(Emulator.VEO, r -> FaultPlan.call("predictLongRunning").fail(429).rate(0.3, r.nextLong())));
    c.add("cancel-race", "60% of the jobs are canceled 0–150 s after they were accepted, racing the pipeline",
        jobs.canceling(0.6, Duration.ofSeconds(150)), FaultPlan.none());
    c.add("burst", scale.burstJobs + " jobs at once from " + scale.burstUsers + " users against a fake-Veo quota of "
            + scale.burstQuota + "/min (clients retry 429s after Retry-After)",
        Workload.of(scale.burstJobs, scale.burstUsers).spread(Duration.ZERO), FaultPlan.veoQuota(scale.burstQuota),
        1, Duration.ofHours(3));
    c.add("tasks-already-exists", "CreateTask answers ALREADY_EXISTS for 20% of names never used, during the first"
            + " 12 minutes (the sweeper's recovery after that runs fault-free)", jobs,
        FaultPlan.during(Duration.ofMinutes(12),
            emulator(Emulator.TASKS, r -> FaultPlan.call("CreateTask").fail("ALREADY_EXISTS").rate(0.2, r.nextLong()))));
    c.add("firestore-contention", "Firestore ABORTED/UNAVAILABLE on commits and on reads after a commit", jobs,
        FaultPlan.all(firestore("Commit", false, "ABORTED", 0.2), firestore("Commit", true, "UNAVAILABLE", 0.1),
            emulator(Emulator.FIRESTORE, r -> FaultPlan.call("BatchGetDocuments", "GetDocument", "RunQuery")
                .fail("UNAVAILABLE").rate(0.1, r.nextLong()))));

    crashTable(c, jobs);
    return c.scenarios;
  }

  /** The crash table of the reliability design: step, fault point, promised outcome, and how to inject it. */
  private static void crashTable(Catalog c, Workload jobs) {
    c.crash("create", "before commit", "error to the client, nothing written; the client retries", jobs,
        firestore("Commit", false, "ABORTED", 0.3));
    c.crash("create", "after commit, the read-back fails", "still 202 with the job as written", jobs,
        emulator(Emulator.FIRESTORE, r -> FaultPlan.call("GetDocument", "BatchGetDocuments").target("jobs/")
            .fail("UNAVAILABLE").rate(0.3, r.nextLong())));
    c.crash("create", "after commit, start enqueue fails", "job QUEUED without a task; the sweeper re-drives it", jobs,
        tasksCreate("-start", 0.5));
    c.crash("start", "before the claim commits", "nothing written; task retried", jobs,
        firestore("Commit", false, "UNAVAILABLE", 0.3));
    c.crash("start", "after the claim commits, its answer lost", "lease lapses, start uncertain, reconciled", jobs,
        firestore("Commit", true, "UNAVAILABLE", 0.3));
    c.crash("start", "Veo refuses (429)", "lease given back, 503, next attempt at once", jobs.markers("[refused]"),
        FaultPlan.veoScript(Map.of("[refused]", REFUSED), Math.max(2, c.scale.jobs / 2)));
    c.crash("start", "Veo answers 5xx before accepting", "start uncertain; nothing appears; next attempt", jobs,
        emulator(Emulator.VEO, r -> FaultPlan.call("predictLongRunning").fail(503).rate(0.4, r.nextLong())));
    c.crash("start", "Veo accepted, answer lost", "start uncertain, the orphan's output adopted", jobs,
        emulator(Emulator.VEO, r -> FaultPlan.call("predictLongRunning").after().dropConnection()
            .rate(0.4, r.nextLong())));
    c.crash("start", "Veo accepted, then 5xx", "start uncertain, the orphan's output adopted", jobs,
        emulator(Emulator.VEO, r -> FaultPlan.call("predictLongRunning").after().fail(503).rate(0.4, r.nextLong())));
    c.crash("start+poll", "answer lost after the handler ran", "task retried; the step is idempotent", jobs,
        FaultPlan.lostResponsesOf(LocalStack::workerUrl));
    c.crash("start", "after the record, before poll 1 is enqueued", "task retried, sees GENERATING, ensures poll 1",
        jobs, tasksCreate("-poll-1", 0.5));
    c.crash("poll", "before the next poll is enqueued", "task retried; the sweeper restarts a dead chain", jobs,
        tasksCreate("-poll-", 0.3));
    c.crash("poll", "after FINALIZING commits, before finalize is enqueued", "poll retried, ensures finalize", jobs,
        tasksCreate("-finalize", 0.5));
    c.crash("poll", "job past its deadline as Veo finishes", "the operation is looked at first: a video is finalized",
        jobs, FaultPlan.veoLatency(ChaosStack.JOB_DEADLINE.minusSeconds(30)));
    c.crash("finalize", "during the copy", "copied again to the same name", jobs,
        emulator(Emulator.STORAGE, r -> FaultPlan.call("POST").target("rewriteTo|copyTo").fail(503)
            .rate(0.5, r.nextLong())));
    c.crash("finalize", "copy done, its answer lost", "copied again to the same name; completes once", jobs,
        emulator(Emulator.STORAGE, r -> FaultPlan.call("POST").target("rewriteTo|copyTo").after().fail(503)
            .rate(0.5, r.nextLong())));
    c.crash("finalize", "answer lost after the copy and commit", "copied again to the same name; completes once", jobs,
        FaultPlan.lostResponsesOf(LocalStack::finalizerUrl));
    c.crash("finalize", "after COMPLETED commits, before the webhook is enqueued", "the outbox re-drives the webhook",
        jobs, tasksCreate("-webhook-", 0.5));
    c.crash("webhook", "after delivery, before it is marked", "delivered again with the same webhook-id", jobs,
        FaultPlan.lostResponsesOf(stack -> stack.finalizerUrl() + "/webhooks"));
    c.crash("webhook", "receiver slower than the dispatch deadline", "retry overlaps the first; same webhook-id", jobs,
        FaultPlan.slowWebhookReceiver());
    c.crash("worker", "handler outlasts its dispatch deadline", "the retry waits out the lease, reconciles; Veo paid once",
        jobs, FaultPlan.handlerOutlastsItsDispatchDeadline());
    c.crash("sweeper", "enqueue of a new poll chain fails", "the old chain stays valid", jobs,
        FaultPlan.all(FaultPlan.veoLatency(Duration.ofMinutes(9)), tasksCreate("-r", 0.5)));
    c.crash("sweeper", "job documents that do not parse", "counted and logged; the pass goes on", jobs,
        FaultPlan.all(FaultPlan.unreadableJobDocuments(), tasksCreate("-start", 0.5)));
  }

  private static FaultPlan firestore(String call, boolean afterApplying, String code, double rate) {
    return emulator(Emulator.FIRESTORE, r -> {
      var plan = FaultPlan.call(call).target("jobs/");
      return (afterApplying ? plan.after() : plan.before()).fail(code).rate(rate, r.nextLong());
    });
  }

  private static FaultPlan tasksCreate(String taskIdPart, double rate) {
    return emulator(Emulator.TASKS, r -> FaultPlan.call("CreateTask").target(taskIdPart).fail("UNAVAILABLE")
        .rate(rate, r.nextLong()));
  }

  /** Builds the list, giving each scenario its own seed derived from the run's seed and its name. */
  private static final class Catalog {
    final Scale scale;
    final long seed;
    final List<Scenario> scenarios = new ArrayList<>();

    Catalog(Scale scale, long seed) {
      this.scale = scale;
      this.seed = seed;
    }

    void add(String name, String summary, Workload workload, FaultPlan faults) {
      add(name, summary, workload, faults, scale.trials, LIMIT);
    }

    void add(String name, String summary, Workload workload, FaultPlan faults, int trials, Duration limit) {
      scenarios.add(new Scenario(name, summary, Math.floorMod(seed * 31 + name.hashCode(), 1_000_000_000L), trials,
          workload, faults, limit));
    }

    void crash(String step, String point, String promised, Workload workload, FaultPlan faults) {
      String slug = (step + "-" + point).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
          .replaceAll("^-|-$", "");
      add("crash-" + slug, step + ": " + point + " → " + promised, workload, faults);
    }
  }
}
