package dev.veojobs.http;

import dev.veojobs.app.PollGeneration;
import dev.veojobs.app.StartGeneration;
import dev.veojobs.app.SweepJobs;
import dev.veojobs.app.TaskPayload;
import dev.veojobs.config.FunctionName;
import dev.veojobs.log.JsonLog;
import dev.veojobs.log.OpsEvent;
import dev.veojobs.log.OpsEventLog;
import dev.veojobs.security.TaskTokenVerifier;
import dev.veojobs.wiring.Wiring;
import java.util.Map;

/**
 * The private worker ({@code job-worker}): Cloud Tasks posts start and poll steps to {@code /}
 * (or {@code /tasks/worker}); Cloud Scheduler posts to {@code /sweep}.
 */
public final class JobWorkerFunction extends TaskEndpoint {
  private final StartGeneration start;
  private final PollGeneration poll;
  private final SweepJobs sweep;

  /** Cloud Run's entry point: reads the environment once per instance and wires the adapters. */
  public JobWorkerFunction() {
    this(Wiring.forFunction(FunctionName.JOB_WORKER));
  }

  private JobWorkerFunction(Wiring wiring) {
    this(wiring.startGeneration(), wiring.pollGeneration(), wiring.sweepJobs(), wiring.taskTokenVerifier(wiring.config().workerUrl()),
        wiring.log());
  }

  public JobWorkerFunction(StartGeneration start, PollGeneration poll, SweepJobs sweep,
      TaskTokenVerifier verifier, JsonLog log) {
    super(verifier, log);
    this.start = start;
    this.poll = poll;
    this.sweep = sweep;
  }

  @Override
  Reply handle(Call call) throws Exception {
    authenticate(call);
    String path = call.request().getPath();
    boolean step = isPath(path, "/", "/tasks/worker");
    if (!step && !isPath(path, "/sweep")) {
      throw new ApiException(ApiStatus.NOT_FOUND, "No such route: " + path);
    }
    requirePost(call);
    if (!step) {
      var report = sweep.sweep();
      new OpsEventLog(call.log()).emit(OpsEvent.SWEEP_DONE, "examined", report.examined(),
          "failed_deadline", report.failedDeadline(), "redriven", report.redriven(), "skipped", report.skipped(),
          "errors", report.errors(), "unreadable", report.unreadable());
      // One sweep.redriven line per re-driven job, by the stage it was stuck in: the re-drive metric
      // counts lines. (The report has counts, not ids; per-job lines with job_id can replace these.)
      OpsEventLog events = new OpsEventLog(call.log());
      emitRedriven(events, "QUEUED_OR_STARTING", report.restartedStart());
      emitRedriven(events, "GENERATING", report.restartedPolls());
      emitRedriven(events, "FINALIZING", report.restartedFinalize());
      return Reply.json(200, report);
    }
    return runStep(call, Map.of(
        TaskPayload.Step.START, task -> start.handle(task.jobId(), task.attempt()),
        TaskPayload.Step.POLL, task -> poll.handle(task.jobId(), task.attempt(), task.poll())));
  }

  private static void emitRedriven(OpsEventLog events, String stage, int count) {
    for (int i = 0; i < count; i++) {
      events.emit(OpsEvent.SWEEP_REDRIVEN, "stage", stage);
    }
  }
}
