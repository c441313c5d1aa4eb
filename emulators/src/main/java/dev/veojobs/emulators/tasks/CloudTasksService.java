package dev.veojobs.emulators.tasks;

import com.google.cloud.tasks.v2.CloudTasksGrpc;
import com.google.cloud.tasks.v2.CreateQueueRequest;
import com.google.cloud.tasks.v2.CreateTaskRequest;
import com.google.cloud.tasks.v2.DeleteQueueRequest;
import com.google.cloud.tasks.v2.DeleteTaskRequest;
import com.google.cloud.tasks.v2.GetQueueRequest;
import com.google.cloud.tasks.v2.GetTaskRequest;
import com.google.cloud.tasks.v2.ListQueuesRequest;
import com.google.cloud.tasks.v2.ListQueuesResponse;
import com.google.cloud.tasks.v2.ListTasksRequest;
import com.google.cloud.tasks.v2.ListTasksResponse;
import com.google.cloud.tasks.v2.PauseQueueRequest;
import com.google.cloud.tasks.v2.PurgeQueueRequest;
import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.ResumeQueueRequest;
import com.google.cloud.tasks.v2.RunTaskRequest;
import com.google.cloud.tasks.v2.Task;
import com.google.cloud.tasks.v2.UpdateQueueRequest;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.iam.v1.TestIamPermissionsRequest;
import com.google.iam.v1.TestIamPermissionsResponse;
import com.google.protobuf.Empty;
import dev.veojobs.emulators.faults.FaultPlans;
import dev.veojobs.emulators.faults.GrpcFaults;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The google.cloud.tasks.v2.CloudTasks gRPC surface, translating each call onto the task store. */
final class CloudTasksService extends CloudTasksGrpc.CloudTasksImplBase {
  private static final System.Logger LOG = System.getLogger(CloudTasksService.class.getName());
  private static final int MAX_QUEUE_PAGE = 9800;
  private static final int MAX_TASK_PAGE = 1000;
  private static final Pattern STATE_FILTER =
      Pattern.compile("\\s*state\\s*[:=]\\s*(RUNNING|PAUSED|DISABLED)\\s*", Pattern.CASE_INSENSITIVE);

  private final TaskStore store;
  private final FaultPlans faults;

  CloudTasksService(TaskStore store, FaultPlans faults) {
    this.store = store;
    this.faults = faults;
  }

  @Override
  public void listQueues(ListQueuesRequest request, StreamObserver<ListQueuesResponse> out) {
    respond(
        out,
        () -> {
          Queue.State state = stateFilter(request.getFilter());
          List<Queue> all = store.listQueues(request.getParent(), state);
          Page page = Page.of(request.getPageToken(), request.getPageSize(), MAX_QUEUE_PAGE, all.size());
          return ListQueuesResponse.newBuilder()
              .addAllQueues(all.subList(page.from(), page.to()))
              .setNextPageToken(page.nextToken())
              .build();
        });
  }

  @Override
  public void getQueue(GetQueueRequest request, StreamObserver<Queue> out) {
    respond(out, () -> store.getQueue(request.getName()));
  }

  @Override
  public void createQueue(CreateQueueRequest request, StreamObserver<Queue> out) {
    respond(out, () -> store.createQueue(request.getParent(), request.getQueue()));
  }

  @Override
  public void updateQueue(UpdateQueueRequest request, StreamObserver<Queue> out) {
    respond(out, () -> store.updateQueue(request.getQueue(), request.getUpdateMask()));
  }

  @Override
  public void deleteQueue(DeleteQueueRequest request, StreamObserver<Empty> out) {
    respond(
        out,
        () -> {
          store.deleteQueue(request.getName());
          return Empty.getDefaultInstance();
        });
  }

  @Override
  public void purgeQueue(PurgeQueueRequest request, StreamObserver<Queue> out) {
    respond(out, () -> store.purgeQueue(request.getName()));
  }

  @Override
  public void pauseQueue(PauseQueueRequest request, StreamObserver<Queue> out) {
    respond(out, () -> store.setQueueState(request.getName(), Queue.State.PAUSED));
  }

  @Override
  public void resumeQueue(ResumeQueueRequest request, StreamObserver<Queue> out) {
    respond(out, () -> store.setQueueState(request.getName(), Queue.State.RUNNING));
  }

  @Override
  public void listTasks(ListTasksRequest request, StreamObserver<ListTasksResponse> out) {
    respond(
        out,
        () -> {
          List<Task> all = store.listTasks(request.getParent(), request.getResponseView());
          Page page = Page.of(request.getPageToken(), request.getPageSize(), MAX_TASK_PAGE, all.size());
          return ListTasksResponse.newBuilder()
              .addAllTasks(all.subList(page.from(), page.to()))
              .setNextPageToken(page.nextToken())
              .build();
        });
  }

  @Override
  public void getTask(GetTaskRequest request, StreamObserver<Task> out) {
    respond(out, () -> store.getTask(request.getName(), request.getResponseView()));
  }

  /** Fault plans may fail or hold it; a plan's target is a substring of the requested task id. */
  @Override
  public void createTask(CreateTaskRequest request, StreamObserver<Task> out) {
    String name = request.getTask().getName();
    String taskId = name.substring(name.lastIndexOf('/') + 1);
    GrpcFaults.run(faults, "CreateTask", taskId::contains, out,
        () -> List.of(store.createTask(request.getParent(), request.getTask(), request.getResponseView())),
        CloudTasksService::asStatus);
  }

  @Override
  public void deleteTask(DeleteTaskRequest request, StreamObserver<Empty> out) {
    respond(
        out,
        () -> {
          store.deleteTask(request.getName());
          return Empty.getDefaultInstance();
        });
  }

  @Override
  public void runTask(RunTaskRequest request, StreamObserver<Task> out) {
    out.onError(ApiErrors.unimplementedMethod("RunTask"));
  }

  @Override
  public void getIamPolicy(GetIamPolicyRequest request, StreamObserver<Policy> out) {
    out.onError(ApiErrors.unimplementedMethod("GetIamPolicy"));
  }

  @Override
  public void setIamPolicy(SetIamPolicyRequest request, StreamObserver<Policy> out) {
    out.onError(ApiErrors.unimplementedMethod("SetIamPolicy"));
  }

  @Override
  public void testIamPermissions(
      TestIamPermissionsRequest request, StreamObserver<TestIamPermissionsResponse> out) {
    out.onError(ApiErrors.unimplementedMethod("TestIamPermissions"));
  }

  private static Queue.State stateFilter(String filter) {
    if (filter.isBlank()) {
      return null;
    }
    Matcher m = STATE_FILTER.matcher(filter);
    if (!m.matches()) {
      throw ApiErrors.unimplemented(
          "ListQueues filter \"" + filter + "\" is not supported by the Cloud Tasks emulator; only \"state: <STATE>\" is.");
    }
    return Queue.State.valueOf(m.group(1).toUpperCase(Locale.ROOT));
  }

  private static <T> void respond(StreamObserver<T> out, Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      out.onError(asStatus(e));
      return;
    }
    out.onNext(result);
    out.onCompleted();
  }

  private static RuntimeException asStatus(RuntimeException e) {
    if (e instanceof StatusRuntimeException status) {
      return status;
    }
    LOG.log(System.Logger.Level.ERROR, "Cloud Tasks emulator failed a call", e);
    return Status.INTERNAL.withDescription("Internal error in the Cloud Tasks emulator.").asRuntimeException();
  }

  /** Offset paging; the token is opaque to clients. */
  record Page(int from, int to, String nextToken) {
    static Page of(String token, int pageSize, int maxPage, int total) {
      int from = 0;
      if (!token.isEmpty()) {
        try {
          from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw ApiErrors.invalid("Invalid page_token.");
        }
        if (from < 0) {
          throw ApiErrors.invalid("Invalid page_token.");
        }
      }
      if (pageSize < 0) {
        throw ApiErrors.invalid("page_size must not be negative.");
      }
      int size = pageSize == 0 ? maxPage : Math.min(pageSize, maxPage);
      int start = Math.min(from, total);
      int end = (int) Math.min((long) start + size, total);
      String next =
          end < total
              ? Base64.getUrlEncoder().withoutPadding().encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8))
              : "";
      return new Page(start, end, next);
    }
  }
}
