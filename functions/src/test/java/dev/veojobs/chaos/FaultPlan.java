package dev.veojobs.chaos;

import dev.veojobs.emulators.faults.FaultPlans;
import dev.veojobs.job.JobStatus;
import dev.veojobs.job.WebhookEvent;
import java.time.Instant;

import dev.veojobs.app.TaskPayload;
import dev.veojobs.app.TaskPayload.Step;
import dev.veojobs.app.TaskRequest;
import dev.veojobs.app.TaskTarget;
import dev.veojobs.emulators.stack.LocalStack;
import dev.veojobs.emulators.tasks.DispatchRecord;
import dev.veojobs.emulators.veo.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What goes wrong during one trial, through the emulators' own switches. The driver arms the plan
 * after the reset, calls {@link #onStep} before every skip of the clock, {@link #afterJobsEnded}
 * once every job has ended (to add work such as replays), and disarms it before the checker looks.
 *
 * <p>A plan that needs a switch the emulators do not have yet says so in {@link #missingSwitch};
 * its scenario is reported as "not run: needs …", never as passed. When a switch lands, replace
 * its {@link #needs} entry with a plan that flips it.
 */
interface FaultPlan {

  /** Empty when the emulators can inject this today. */
  default Optional<String> missingSwitch() {
    return Optional.empty();
  }

  default void arm(ChaosStack stack, Random random) {}

  default void onStep(ChaosStack stack, Random random) {}

  /** Called once when every accepted job has ended; true when it gave the stack more to do. */
  default boolean afterJobsEnded(ChaosStack stack, Random random) {
    return false;
  }

  /** Leaves the emulators fault-free; the reset that starts the next trial clears them anyway. */
  default void disarm(ChaosStack stack) {
    stack.local().tasks().faults().clear();
    stack.receiver().slowness(null);
  }

  static FaultPlan none() {
    return new FaultPlan() {};
  }

  /** Every delivery reaches its handler twice: one after the other, or both at once. */
  static FaultPlan duplicateDelivery(boolean concurrent) {
    return new FaultPlan() {
      @Override
      public void arm(ChaosStack stack, Random random) {
        stack.local().tasks().faults().deliverTwice(concurrent);
      }
    };
  }

  /** Every delivery goes out {@code delay} after it was due. */
  static FaultPlan lateDelivery(Duration delay) {
    return new FaultPlan() {
      @Override
      public void arm(ChaosStack stack, Random random) {
        stack.local().tasks().faults().delayDelivery(delay);
      }
    };
  }

  /**
   * During a random {@code share} of the driver's steps, every delivery's answer is lost after its
   * handler ran (the task is sent again); the rest of the time answers arrive.
   */
  static FaultPlan lostResponses(double share) {
    return new FaultPlan() {
      @Override
      public void onStep(ChaosStack stack, Random random) {
        stack.local().tasks().faults().dropResponseAfterHandler(random.nextDouble() < share);
      }
    };
  }

  /** Every answer of the deliveries whose URL contains {@code urlPart(stack)} is lost after the handler ran. */
  static FaultPlan lostResponsesOf(Function<LocalStack, String> urlPart) {
    return new FaultPlan() {
      @Override
      public void arm(ChaosStack stack, Random random) {
        stack.local().tasks().faults().onlyForUrlsContaining(urlPart.apply(stack.local())).dropResponseAfterHandler(true);
      }
    };
  }

  /**
   * The webhook receiver takes longer than the task's dispatch deadline (plus a second) to answer
   * each first delivery, so the retry reaches the finalizer while the first delivery still runs.
   */
  static FaultPlan slowWebhookReceiver() {
    return new FaultPlan() {
      @Override
      public void arm(ChaosStack stack, Random random) {
        Duration deadline = stack.local().config().queue().dispatchDeadline();
        stack.receiver().slowness(new WebhookReceiver.Slowness(deadline.plusSeconds(1), Duration.ofSeconds(5)));
      }
    };
  }

  /**
   * The fake Veo's outcome for prompts containing each marker, for the first {@code times} such
   * starts of the trial (0: every one).
   */
  static FaultPlan veoScript(Map<String, Outcome> byMarker, int times) {
    return new FaultPlan() {
      @Override
      public void arm(ChaosStack stack, Random random) {
        byMarker.forEach((marker, outcome) -> {
          if (times == 0) {
            stack.local().veo().scriptForPromptContaining(marker, outcome);
          } else {
            stack.local().veo().scriptForPromptContaining(marker, times, outcome);
          }
        });
      }
    };
  }

  /** Generations take {@code latency} (± the stack's jitter). */
  static FaultPlan veoLatency(Duration latency) {
    return new FaultPlan() {
      @Override
      public void arm(ChaosStack stack, Random random) {
        stack.local().veo().latency(latency);
      }
    };
  }

  /**
   * Generations take the time the functions expect for their request ({@code ExpectedGeneration}),
   * ± {@code spread}: what adaptive polling is built for, and what the time-to-video bench measures.
   */
  static FaultPlan veoExpectedLatency(double spread) {
    return new FaultPlan() {
      @Override
      public void arm(ChaosStack stack, Random random) {
        stack.local().veo().latencyModel(dev.veojobs.app.ExpectedGeneration::of, spread);
      }
    };
  }

  /** The fake Veo admits {@code perMinute} starts per base model and sliding minute. */
  static FaultPlan veoQuota(int perMinute) {
    return new FaultPlan() {
      @Override
      public void arm(ChaosStack stack, Random random) {
        stack.local().veo().quotaPerMinute(perMinute);
      }
    };
  }

  /**
   * Once every job ended, Cloud Tasks delivers every old task of every job again under a new name,
   * as a replay long after completion would: each start attempt, each poll number that ran, the
   * finalize and the job's webhook. The bodies are made by the functions' own adapter and codec.
   */
  static FaultPlan replayAfterCompletion() {
    return new FaultPlan() {
      @Override
      public boolean afterJobsEnded(ChaosStack stack, Random random) {
        List<DispatchRecord> dispatches = stack.local().tasks().dispatches();
        List<String> jobs = dispatches.stream().map(d -> History.jobOfTask(d.taskId())).distinct().toList();
        for (String jobId : jobs) {
          Map<String, Object> job = stack.local().firestore().document(stack.local().projectId(), "jobs/" + jobId)
              .orElse(null);
          if (job != null) {
            replay(stack, jobId, job, dispatches);
          }
        }
        return !jobs.isEmpty();
      }
    };
  }

  private static void replay(ChaosStack stack, String jobId, Map<String, Object> job, List<DispatchRecord> dispatches) {
    int attempt = ((Number) job.getOrDefault("attempt", 0L)).intValue();
    for (int a = 1; a <= Math.max(1, attempt); a++) {
      stack.enqueue(new TaskRequest(jobId + "-replay-start-" + a, TaskTarget.WORKER,
          new TaskPayload(jobId, Step.START, a, 0), null));
    }
    Pattern poll = Pattern.compile(Pattern.quote(jobId) + "-poll-(\\d+)");
    dispatches.stream()
        .map(d -> poll.matcher(d.taskId()))
        .filter(Matcher::lookingAt)
        .mapToInt(m -> Integer.parseInt(m.group(1)))
        .distinct()
        .forEach(n -> stack.enqueue(new TaskRequest(jobId + "-replay-poll-" + n, TaskTarget.WORKER,
            new TaskPayload(jobId, Step.POLL, attempt, n), null)));
    stack.enqueue(new TaskRequest(jobId + "-replay-finalize", TaskTarget.FINALIZER,
        new TaskPayload(jobId, Step.FINALIZE, attempt, 0), null));
    Object request = job.get("request");
    if (request instanceof Map<?, ?> r && r.get("webhook_url") != null) {
      Step webhook = Step.webhook(WebhookEvent.endedAs(JobStatus.valueOf(String.valueOf(job.get("status")))));
      stack.enqueue(new TaskRequest(jobId + "-replay-webhook", TaskTarget.WEBHOOKS,
          new TaskPayload(jobId, webhook, 0, 0), null));
    }
  }

  /** An emulator fault plan on {@code calls} (the emulators' own FaultPlan, named apart from this one). */
  static dev.veojobs.emulators.faults.FaultPlan call(String... calls) {
    return dev.veojobs.emulators.faults.FaultPlan.on(calls);
  }

  /** Which emulator a fault plan of issue 16's kind goes to. */
  enum Emulator {
    FIRESTORE, TASKS, STORAGE, VEO;

    FaultPlans plans(ChaosStack stack) {
      return switch (this) {
        case FIRESTORE -> stack.local().firestore().faultPlans();
        case TASKS -> stack.local().tasks().faultPlans();
        case STORAGE -> stack.local().storage().faultPlans();
        case VEO -> stack.local().veo().faultPlans();
      };
    }
  }

  /**
   * An emulator's own fault plan (see emulators/docs/faults.md), built per trial from the trial's
   * random source (for {@code rate(p, seed)}), armed after the reset and cleared at disarm.
   */
  static FaultPlan emulator(Emulator emulator, Function<Random, dev.veojobs.emulators.faults.FaultPlan> plan) {
    return new FaultPlan() {
      @Override
      public void arm(ChaosStack stack, Random random) {
        emulator.plans(stack).add(plan.apply(random));
      }

      @Override
      public void disarm(ChaosStack stack) {
        FaultPlan.super.disarm(stack);
        emulator.plans(stack).clear();
      }
    };
  }

  /**
   * The first Veo start is accepted and then held unanswered, like a start handler that outlives the
   * task's dispatch deadline: Cloud Tasks gives up on it and retries while it still runs. The held
   * answer is released (as a 503) once the dispatch deadline and a minute have passed.
   */
  static FaultPlan handlerOutlastsItsDispatchDeadline() {
    return new FaultPlan() {
      private Instant heldSince;

      @Override
      public void arm(ChaosStack stack, Random random) {
        heldSince = null;
        Emulator.VEO.plans(stack).add(dev.veojobs.emulators.faults.FaultPlan.on("predictLongRunning").after().hang()
            .times(1));
      }

      @Override
      public void onStep(ChaosStack stack, Random random) {
        FaultPlans plans = Emulator.VEO.plans(stack);
        Instant now = stack.clock().instant();
        if (heldSince == null && plans.held() > 0) {
          heldSince = now;
        }
        Duration deadline = stack.local().config().queue().dispatchDeadline();
        if (heldSince != null && now.isAfter(heldSince.plus(deadline).plusSeconds(60))) {
          plans.releaseHeld();
        }
      }

      @Override
      public void disarm(ChaosStack stack) {
        FaultPlan.super.disarm(stack);
        Emulator.VEO.plans(stack).clear();
      }
    };
  }

  /**
   * {@code inner} for the first {@code window} of the trial only, then lifted: the faults hit the
   * pipeline while the jobs run, and the sweeper's recovery after them runs fault-free (a second
   * fault on the recovery itself is another scenario's subject).
   */
  static FaultPlan during(Duration window, FaultPlan inner) {
    return new FaultPlan() {
      private Instant liftAt;
      private boolean lifted;

      @Override
      public void arm(ChaosStack stack, Random random) {
        liftAt = stack.clock().instant().plus(window);
        lifted = false;
        inner.arm(stack, random);
      }

      @Override
      public void onStep(ChaosStack stack, Random random) {
        if (!lifted && !stack.clock().instant().isBefore(liftAt)) {
          inner.disarm(stack);
          lifted = true;
        } else if (!lifted) {
          inner.onStep(stack, random);
        }
      }

      @Override
      public void disarm(ChaosStack stack) {
        inner.disarm(stack);
      }
    };
  }

  /**
   * Job documents the functions cannot read, planted so that they come first in every sweeper
   * query (live status, deadline, last update and webhook due time an hour before the trial):
   * an unknown stage, a {@code request} that is text, and a live job with no fields but its status.
   */
  static FaultPlan unreadableJobDocuments() {
    return new FaultPlan() {
      @Override
      public void arm(ChaosStack stack, Random random) {
        com.google.cloud.Timestamp early = com.google.cloud.Timestamp.ofTimeSecondsAndNanos(
            stack.clock().instant().minus(Duration.ofHours(1)).getEpochSecond(), 0);
        Map<String, Object> times = Map.of("deadline_at", early, "updated_at", early, "created_at", early,
            "webhook_due_at", early);
        stack.plantJobDocument(WorldSnapshot.PLANTED_PREFIX + "unknown-stage",
            with(times, Map.of("status", "PROCESSING", "stage", "NO_SUCH_STAGE", "owner_uid", "nobody")));
        stack.plantJobDocument(WorldSnapshot.PLANTED_PREFIX + "request-is-text",
            with(times, Map.of("status", "PENDING", "stage", "QUEUED", "owner_uid", "nobody", "request", "a prompt")));
        stack.plantJobDocument(WorldSnapshot.PLANTED_PREFIX + "status-only", with(times, Map.of("status", "PROCESSING")));
      }

      private static Map<String, Object> with(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> all = new java.util.HashMap<>(a);
        all.putAll(b);
        return all;
      }
    };
  }

  /** A plan the emulators cannot inject yet: its scenario is listed as not run. */
  static FaultPlan needs(String missingSwitch) {
    return new FaultPlan() {
      @Override
      public Optional<String> missingSwitch() {
        return Optional.of(missingSwitch);
      }
    };
  }

  /** Several plans at once, armed in order. */
  static FaultPlan all(FaultPlan... plans) {
    List<FaultPlan> list = List.of(plans);
    return new FaultPlan() {
      @Override
      public Optional<String> missingSwitch() {
        return list.stream().map(FaultPlan::missingSwitch).flatMap(Optional::stream).findFirst();
      }

      @Override
      public void arm(ChaosStack stack, Random random) {
        list.forEach(p -> p.arm(stack, random));
      }

      @Override
      public void onStep(ChaosStack stack, Random random) {
        list.forEach(p -> p.onStep(stack, random));
      }

      @Override
      public boolean afterJobsEnded(ChaosStack stack, Random random) {
        boolean more = false;
        for (FaultPlan p : list) {
          more |= p.afterJobsEnded(stack, random);
        }
        return more;
      }

      @Override
      public void disarm(ChaosStack stack) {
        list.forEach(p -> p.disarm(stack));
      }
    };
  }
}
