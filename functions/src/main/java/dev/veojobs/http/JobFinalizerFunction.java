package dev.veojobs.http;

import dev.veojobs.app.DeliverWebhook;
import dev.veojobs.app.FinalizeJob;
import dev.veojobs.app.TaskPayload;
import dev.veojobs.config.FunctionName;
import dev.veojobs.app.StepResult;
import dev.veojobs.log.JsonLog;
import dev.veojobs.security.TaskTokenVerifier;
import dev.veojobs.wiring.Wiring;
import java.util.Map;

/**
 * The private finalizer ({@code job-finalizer}): Cloud Tasks posts finalize steps to {@code /} and
 * webhook deliveries to {@code /webhooks} (one signed attempt per task attempt; 503 asks for a retry).
 */
public final class JobFinalizerFunction extends TaskEndpoint {
  private final FinalizeJob finalizeJob;
  private final DeliverWebhook deliverWebhook;

  /** Cloud Run's entry point: reads the environment once per instance and wires the adapters. */
  public JobFinalizerFunction() {
    this(Wiring.forFunction(FunctionName.JOB_FINALIZER));
  }

  private JobFinalizerFunction(Wiring wiring) {
    this(wiring.finalizeJob(), wiring.deliverWebhook(), wiring.taskTokenVerifier(wiring.config().finalizerUrl()), wiring.log());
  }

  public JobFinalizerFunction(FinalizeJob finalizeJob, DeliverWebhook deliverWebhook, TaskTokenVerifier verifier,
      JsonLog log) {
    super(verifier, log);
    this.finalizeJob = finalizeJob;
    this.deliverWebhook = deliverWebhook;
  }

  @Override
  Reply handle(Call call) throws Exception {
    authenticate(call);
    String path = call.request().getPath();
    boolean webhook = isPath(path, "/webhooks");
    if (!webhook && !isPath(path, "/", "/tasks/finalizer")) {
      throw new ApiException(ApiStatus.NOT_FOUND, "No such route: " + path);
    }
    requirePost(call);
    if (webhook) {
      return runStep(call, Map.of(
          TaskPayload.Step.WEBHOOK_STARTED, this::deliverWebhook,
          TaskPayload.Step.WEBHOOK_COMPLETED, this::deliverWebhook,
          TaskPayload.Step.WEBHOOK_FAILED, this::deliverWebhook,
          TaskPayload.Step.WEBHOOK_CANCELED, this::deliverWebhook));
    }
    return runStep(call, Map.of(TaskPayload.Step.FINALIZE, task -> finalizeJob.handle(task.jobId())));
  }

  private StepResult deliverWebhook(TaskPayload task) {
    return deliverWebhook.handle(task.jobId(), task.step().webhookEvent());
  }
}
