package dev.veojobs.http;

import dev.veojobs.app.FinalizeJob;
import dev.veojobs.app.TaskPayload;
import dev.veojobs.config.FunctionName;
import dev.veojobs.http.log.JsonLog;
import dev.veojobs.security.TaskTokenVerifier;
import java.util.EnumSet;

/** The private finalizer ({@code job-finalizer}): Cloud Tasks posts finalize steps to {@code /}. */
public final class JobFinalizerFunction extends TaskEndpoint {
  private final FinalizeJob finalizeJob;

  /** Cloud Run's entry point: reads the environment once per instance and wires the adapters. */
  public JobFinalizerFunction() {
    this(Wiring.forFunction(FunctionName.JOB_FINALIZER));
  }

  private JobFinalizerFunction(Wiring wiring) {
    this(wiring.finalizeJob(), wiring.taskTokenVerifier(wiring.config().finalizerUrl()), wiring.log());
  }

  public JobFinalizerFunction(FinalizeJob finalizeJob, TaskTokenVerifier verifier, JsonLog log) {
    super(verifier, log);
    this.finalizeJob = finalizeJob;
  }

  @Override
  Reply handle(Call call) throws Exception {
    authenticate(call);
    String path = call.request().getPath();
    if (!isPath(path, "/", "/tasks/finalizer")) {
      throw new ApiException(ApiStatus.NOT_FOUND, "No such route: " + path);
    }
    requirePost(call);
    return runStep(call, EnumSet.of(TaskPayload.Step.FINALIZE), finalizeJob::handle);
  }
}
