package dev.veojobs.gcp;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.HttpMethod;
import com.google.cloud.tasks.v2.HttpRequest;
import com.google.cloud.tasks.v2.OidcToken;
import com.google.cloud.tasks.v2.QueueName;
import com.google.cloud.tasks.v2.Task;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.veojobs.app.TaskPayload;
import dev.veojobs.app.TaskQueue;
import dev.veojobs.app.TaskRequest;
import dev.veojobs.app.TaskTarget;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.wire.TaskPayloadJson;
import java.util.Set;

/**
 * Tasks on two Cloud Tasks queues: starts on the start queue, whose dispatch rate is the Veo quota
 * (each start makes at most one Veo generation request), and every other step (polls, finalizes,
 * webhooks) on the steps queue, which is never the bottleneck. Delivered as JSON POSTs to the worker or the finalizer (webhook
 * deliveries to the finalizer's {@code /webhooks}) with an OIDC token whose audience is the target
 * function's base URL: what Cloud Run checks and what the function's own verifier expects, whatever
 * path the task posts to. Task names are
 * deterministic, so ALREADY_EXISTS means the task is already scheduled (or ran recently).
 */
public final class CloudTasksQueue implements TaskQueue {
  static final Set<String> RETRYABLE = Set.of("UNAVAILABLE", "RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED", "INTERNAL");

  private final CloudTasksClient client;
  private final String queuePath;
  private final String startQueuePath;
  private final String workerUrl;
  private final String finalizerUrl;
  private final String invokerServiceAccount;
  private final java.time.Duration dispatchDeadline;

  /** Queues whose tasks get Cloud Tasks' default dispatch deadline (10 minutes). */
  public CloudTasksQueue(CloudTasksClient client, String project, String location, String queue, String startQueue,
      String workerUrl, String finalizerUrl, String invokerServiceAccount) {
    this(client, project, location, queue, startQueue, workerUrl, finalizerUrl, invokerServiceAccount, null);
  }

  /**
   * @param dispatchDeadline set on every task (Cloud Tasks has no queue-level deadline); it must
   *     outlast the slowest function's timeout, or a delivery still running is counted as failed
   *     and sent again
   */
  public CloudTasksQueue(CloudTasksClient client, String project, String location, String queue, String startQueue,
      String workerUrl, String finalizerUrl, String invokerServiceAccount, java.time.Duration dispatchDeadline) {
    this.client = client;
    this.queuePath = QueueName.of(project, location, queue).toString();
    this.startQueuePath = QueueName.of(project, location, startQueue).toString();
    this.workerUrl = workerUrl;
    this.finalizerUrl = finalizerUrl;
    this.invokerServiceAccount = invokerServiceAccount;
    this.dispatchDeadline = dispatchDeadline;
  }

  @Override
  public boolean enqueue(TaskRequest request) {
    Task task = toTask(request);
    try {
      client.createTask(queueOf(request), task);
      return true;
    } catch (AlreadyExistsException e) {
      return false;
    } catch (ApiException e) {
      String code = e.getStatusCode().getCode().name();
      if (RETRYABLE.contains(code)) {
        throw new RetryableFailure("Cloud Tasks is unavailable (" + code + ")", e);
      }
      throw new IllegalStateException("Cloud Tasks rejected task " + request.name() + " (" + code + ")", e);
    }
  }

  Task toTask(TaskRequest request) {
    String audience = request.target() == TaskTarget.WORKER ? workerUrl : finalizerUrl;
    String url = request.target() == TaskTarget.WEBHOOKS ? withoutTrailingSlash(finalizerUrl) + "/webhooks" : audience;
    HttpRequest http = HttpRequest.newBuilder()
        .setUrl(url)
        .setHttpMethod(HttpMethod.POST)
        .putHeaders("Content-Type", "application/json")
        .setBody(ByteString.copyFrom(TaskPayloadJson.toJson(request.payload())))
        .setOidcToken(OidcToken.newBuilder()
            .setServiceAccountEmail(invokerServiceAccount)
            .setAudience(audience))
        .build();
    Task.Builder task = Task.newBuilder()
        .setName(queueOf(request) + "/tasks/" + request.name())
        .setHttpRequest(http);
    if (dispatchDeadline != null) {
      task.setDispatchDeadline(com.google.protobuf.Duration.newBuilder().setSeconds(dispatchDeadline.toSeconds()));
    }
    if (request.notBefore() != null) {
      task.setScheduleTime(Timestamp.newBuilder()
          .setSeconds(request.notBefore().getEpochSecond())
          .setNanos(request.notBefore().getNano()));
    }
    return task.build();
  }

  /** Starts (first ones, retries and the sweeper's re-drives) go at the Veo quota; nothing else waits behind them. */
  String queueOf(TaskRequest request) {
    return request.payload().step() == TaskPayload.Step.START ? startQueuePath : queuePath;
  }

  private static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
