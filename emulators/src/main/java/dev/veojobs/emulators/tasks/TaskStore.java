package dev.veojobs.emulators.tasks;

import com.google.cloud.tasks.v2.Attempt;
import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.Task;
import com.google.protobuf.FieldMask;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.rpc.Code;
import dev.veojobs.emulators.clock.EmulatorClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything the emulator holds: queues, tasks, recently used names, attempts in flight and the
 * log of deliveries. One lock guards it all; HTTP deliveries run outside it on snapshots.
 */
final class TaskStore {
  /** A deleted queue's name stays blocked this long, as in production. */
  static final Duration QUEUE_TOMBSTONE = Duration.ofDays(7);
  /** Tasks older than this are dropped whatever their state (Cloud Tasks' maximum retention). */
  static final Duration TASK_RETENTION = Duration.ofDays(31);
  private static final int MAX_DISPATCH_RECORDS = 10_000;
  private static final Set<String> OUTPUT_ONLY_QUEUE_PATHS =
      Set.of("name", "state", "purge_time", "rate_limits.max_burst_size");

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final EmulatorClock clock;
  private final Duration taskTombstone;
  private final TaskFaults faults;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, QueueEntry> queues = new TreeMap<>();
  private final Map<String, Instant> deletedQueues = new HashMap<>();
  private final Map<String, Instant> taskTombstones = new HashMap<>();
  private final Set<DispatchAttempt> inFlight = new LinkedHashSet<>();
  private final Deque<DispatchRecord> dispatches = new ArrayDeque<>();
  private volatile Runnable wakeDispatcher = () -> {};

  TaskStore(EmulatorClock clock, Duration taskTombstone, TaskFaults faults) {
    this.clock = clock;
    this.taskTombstone = taskTombstone;
    this.faults = faults;
  }

  void onChange(Runnable wakeDispatcher) {
    this.wakeDispatcher = wakeDispatcher;
  }

  // ---- queues ---------------------------------------------------------------------------------

  Queue createQueue(String parent, Queue requested) {
    ResourceNames.requireLocation(parent);
    ResourceNames.requireQueue(requested.getName());
    if (!requested.getName().startsWith(parent + "/queues/")) {
      throw ApiErrors.queueParentMismatch(requested.getName(), parent);
    }
    QueueSettings.validate(requested);
    lock.lock();
    try {
      Instant now = clock.instant();
      if (queues.containsKey(requested.getName())) {
        throw ApiErrors.alreadyExists(ApiErrors.QUEUE_ALREADY_EXISTS);
      }
      requireNotRecentlyDeleted(requested.getName(), now);
      return addQueue(requested, now).queue();
    } finally {
      lock.unlock();
    }
  }

  Queue getQueue(String name) {
    ResourceNames.requireQueue(name);
    lock.lock();
    try {
      return existingQueue(name, ApiErrors.QUEUE_DOES_NOT_EXIST).queue();
    } finally {
      lock.unlock();
    }
  }

  List<Queue> listQueues(String parent, Queue.State onlyState) {
    ResourceNames.requireLocation(parent);
    lock.lock();
    try {
      List<Queue> result = new ArrayList<>();
      for (QueueEntry q : queues.values()) {
        if (q.name.startsWith(parent + "/queues/") && (onlyState == null || q.queue().getState() == onlyState)) {
          result.add(q.queue());
        }
      }
      return result;
    } finally {
      lock.unlock();
    }
  }

  /** UpdateQueue creates the queue when it is missing, as the API documents. */
  Queue updateQueue(Queue requested, FieldMask mask) {
    ResourceNames.requireQueue(requested.getName());
    if (!FieldMaskUtil.isValid(Queue.class, mask)) {
      throw ApiErrors.invalid("Invalid update_mask: " + String.join(",", mask.getPathsList()));
    }
    lock.lock();
    try {
      Instant now = clock.instant();
      QueueEntry existing = queues.get(requested.getName());
      Queue base;
      if (existing != null) {
        base = existing.queue();
      } else {
        requireNotRecentlyDeleted(requested.getName(), now);
        base = Queue.newBuilder().setName(requested.getName()).build();
      }
      Queue.Builder merged = base.toBuilder();
      List<String> paths =
          mask.getPathsList().stream().filter(p -> !OUTPUT_ONLY_QUEUE_PATHS.contains(p)).toList();
      if (mask.getPathsCount() == 0) {
        merged
            .setRateLimits(requested.getRateLimits())
            .setRetryConfig(requested.getRetryConfig())
            .setAppEngineRoutingOverride(requested.getAppEngineRoutingOverride())
            .setStackdriverLoggingConfig(requested.getStackdriverLoggingConfig());
      } else {
        FieldMaskUtil.merge(
            FieldMask.newBuilder().addAllPaths(paths).build(),
            requested,
            merged,
            new FieldMaskUtil.MergeOptions().setReplaceMessageFields(true).setReplacePrimitiveFields(true));
      }
      // The burst size is derived from the rate, never taken from the caller.
      merged.getRateLimitsBuilder().clearMaxBurstSize();
      Queue candidate = merged.build();
      QueueSettings.validate(candidate);
      if (existing == null) {
        return addQueue(candidate, now).queue();
      }
      existing.update(QueueSettings.withDefaults(candidate), now);
      wake();
      return existing.queue();
    } finally {
      lock.unlock();
    }
  }

  void deleteQueue(String name) {
    ResourceNames.requireQueue(name);
    lock.lock();
    try {
      Instant now = clock.instant();
      QueueEntry q = existingQueue(name, ApiErrors.ENTITY_NOT_FOUND);
      dropTasks(q, now);
      queues.remove(name);
      deletedQueues.put(name, now.plus(QUEUE_TOMBSTONE));
      wake();
    } finally {
      lock.unlock();
    }
  }

  Queue purgeQueue(String name) {
    ResourceNames.requireQueue(name);
    lock.lock();
    try {
      Instant now = clock.instant();
      QueueEntry q = existingQueue(name, ApiErrors.QUEUE_DOES_NOT_EXIST);
      dropTasks(q, now);
      q.update(q.queue().toBuilder().setPurgeTime(ProtoTime.timestamp(now)).build(), now);
      wake();
      return q.queue();
    } finally {
      lock.unlock();
    }
  }

  Queue setQueueState(String name, Queue.State state) {
    ResourceNames.requireQueue(name);
    lock.lock();
    try {
      QueueEntry q = existingQueue(name, ApiErrors.QUEUE_DOES_NOT_EXIST);
      q.state(state);
      wake();
      return q.queue();
    } finally {
      lock.unlock();
    }
  }

  // ---- tasks ----------------------------------------------------------------------------------

  Task createTask(String parent, Task requested, Task.View view) {
    ResourceNames.requireQueue(parent);
    String requestedName = null;
    if (!requested.getName().isEmpty()) {
      ResourceNames.TaskName name = ResourceNames.requireTask(requested.getName());
      if (!name.queueName().equals(parent)) {
        throw ApiErrors.taskQueueMismatch(parent, name.queueName());
      }
      requestedName = name.full();
    }
    lock.lock();
    try {
      Instant now = clock.instant();
      QueueEntry q = existingQueue(parent, ApiErrors.QUEUE_DOES_NOT_EXIST);
      String name = requestedName == null ? generatedName(q) : requestedName;
      Task stored = NewTasks.prepare(requested, name, now);
      if (q.tasks.containsKey(name) || tombstoned(name, now)) {
        throw ApiErrors.alreadyExists(ApiErrors.TASK_ALREADY_EXISTS);
      }
      TaskEntry entry = new TaskEntry(stored, q);
      q.tasks.put(name, entry);
      wake();
      return entry.toProto(view);
    } finally {
      lock.unlock();
    }
  }

  Task getTask(String name, Task.View view) {
    ResourceNames.requireTask(name);
    lock.lock();
    try {
      TaskEntry t = liveTask(name);
      if (t == null) {
        throw ApiErrors.notFound(
            tombstoned(name, clock.instant()) ? ApiErrors.TASK_EXISTED_RECENTLY : ApiErrors.ENTITY_NOT_FOUND);
      }
      return t.toProto(view);
    } finally {
      lock.unlock();
    }
  }

  List<Task> listTasks(String parent, Task.View view) {
    ResourceNames.requireQueue(parent);
    lock.lock();
    try {
      QueueEntry q = existingQueue(parent, ApiErrors.QUEUE_DOES_NOT_EXIST);
      return q.tasks.values().stream()
          .sorted(Comparator.comparing((TaskEntry t) -> t.scheduleTime).thenComparing(TaskEntry::name))
          .map(t -> t.toProto(view))
          .toList();
    } finally {
      lock.unlock();
    }
  }

  void deleteTask(String name) {
    ResourceNames.requireTask(name);
    lock.lock();
    try {
      TaskEntry t = liveTask(name);
      if (t == null) {
        throw ApiErrors.notFound(ApiErrors.ENTITY_NOT_FOUND);
      }
      retire(t, clock.instant());
      wake();
    } finally {
      lock.unlock();
    }
  }

  // ---- dispatching ----------------------------------------------------------------------------

  /** Claims every task that may go out now, within each queue's rate and concurrency limits. */
  List<DispatchAttempt> claimDue(Instant now) {
    lock.lock();
    try {
      List<DispatchAttempt> claimed = new ArrayList<>();
      for (QueueEntry q : queues.values()) {
        dropExpired(q, now);
        if (!q.running()) {
          continue;
        }
        for (TaskEntry t : dueTasks(q, now)) {
          if (!q.hasFreeSlot() || !q.bucket().tryTake(now)) {
            break;
          }
          claimed.add(start(t, now));
        }
      }
      if (!claimed.isEmpty()) {
        changed.signalAll();
      }
      return claimed;
    } finally {
      lock.unlock();
    }
  }

  /** Resolves attempts whose dispatch deadline passed on the emulator clock; returns them for cancelling. */
  List<DispatchAttempt> expireOverdue(Instant now) {
    lock.lock();
    try {
      List<DispatchAttempt> expired = new ArrayList<>();
      for (DispatchAttempt a : List.copyOf(inFlight)) {
        if (!now.isBefore(a.deadline)) {
          resolve(a, new DeliveryResult(0, DispatchRecord.Outcome.DEADLINE_EXCEEDED, null, now));
          expired.add(a);
        }
      }
      return expired;
    } finally {
      lock.unlock();
    }
  }

  void complete(DispatchAttempt attempt, DeliveryResult result) {
    lock.lock();
    try {
      resolve(attempt, result);
    } finally {
      lock.unlock();
    }
  }

  void recordDuplicate(DispatchAttempt attempt, DeliveryResult result) {
    lock.lock();
    try {
      record(attempt.record(result, true));
    } finally {
      lock.unlock();
    }
  }

  /** The next emulator-clock instant at which something becomes dispatchable or overdue, or null. */
  Instant nextWake(Instant now) {
    lock.lock();
    try {
      Instant next = null;
      for (DispatchAttempt a : inFlight) {
        next = earliest(next, a.deadline);
      }
      for (QueueEntry q : queues.values()) {
        if (!q.running()) {
          continue;
        }
        for (TaskEntry t : q.tasks.values()) {
          if (t.current != null) {
            continue;
          }
          Instant due = dueAt(t);
          if (due.isAfter(now)) {
            next = earliest(next, due);
          } else if (q.hasFreeSlot()) {
            next = earliest(next, q.bucket().nextTokenAt(now));
          }
        }
      }
      return next;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until nothing is in flight and nothing could go out right now (tasks waiting for their
   * time, a token, or a paused queue do not count).
   */
  void awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (!idle(clock.instant())) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              "Cloud Tasks emulator still busy after " + timeout + ": " + inFlight.size()
                  + " attempt(s) in flight, pending " + snapshotsLocked());
        }
        changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
      }
    } finally {
      lock.unlock();
    }
  }

  // ---- inspection -----------------------------------------------------------------------------

  List<DispatchRecord> dispatches() {
    lock.lock();
    try {
      return List.copyOf(dispatches);
    } finally {
      lock.unlock();
    }
  }

  List<TaskSnapshot> snapshots() {
    lock.lock();
    try {
      return snapshotsLocked();
    } finally {
      lock.unlock();
    }
  }

  int pendingCount() {
    lock.lock();
    try {
      return queues.values().stream().mapToInt(q -> q.tasks.size()).sum();
    } finally {
      lock.unlock();
    }
  }

  /** Drops all state; attempts in flight are abandoned and returned for cancelling. */
  List<DispatchAttempt> reset() {
    lock.lock();
    try {
      List<DispatchAttempt> abandoned = List.copyOf(inFlight);
      abandoned.forEach(a -> a.resolved = true);
      inFlight.clear();
      queues.clear();
      deletedQueues.clear();
      taskTombstones.clear();
      dispatches.clear();
      changed.signalAll();
      return abandoned;
    } finally {
      lock.unlock();
    }
  }

  // ---- internals (lock held) ------------------------------------------------------------------

  private QueueEntry addQueue(Queue requested, Instant now) {
    Queue stored = QueueSettings.withDefaults(requested).toBuilder().setState(Queue.State.RUNNING).build();
    QueueEntry entry = new QueueEntry(stored, now);
    queues.put(stored.getName(), entry);
    return entry;
  }

  private void requireNotRecentlyDeleted(String name, Instant now) {
    Instant blockedUntil = deletedQueues.get(name);
    if (blockedUntil != null) {
      if (now.isBefore(blockedUntil)) {
        throw ApiErrors.failedPrecondition(ApiErrors.QUEUE_EXISTED_RECENTLY);
      }
      deletedQueues.remove(name);
    }
  }

  private QueueEntry existingQueue(String name, String notFoundMessage) {
    QueueEntry q = queues.get(name);
    if (q == null) {
      throw ApiErrors.notFound(notFoundMessage);
    }
    return q;
  }

  private TaskEntry liveTask(String name) {
    QueueEntry q = queues.get(name.substring(0, name.lastIndexOf("/tasks/")));
    return q == null ? null : q.tasks.get(name);
  }

  private boolean live(TaskEntry t) {
    return queues.get(t.queue.name) == t.queue && t.queue.tasks.get(t.name()) == t;
  }

  private String generatedName(QueueEntry q) {
    while (true) {
      String name = q.name + "/tasks/" + Long.toUnsignedString(random.nextLong() >>> 1);
      if (!q.tasks.containsKey(name) && !taskTombstones.containsKey(name)) {
        return name;
      }
    }
  }

  private boolean tombstoned(String name, Instant now) {
    Instant until = taskTombstones.get(name);
    if (until == null) {
      return false;
    }
    if (now.isBefore(until)) {
      return true;
    }
    taskTombstones.remove(name);
    return false;
  }

  /** Removes a task and keeps its name reserved for the tombstone window. */
  private void retire(TaskEntry t, Instant now) {
    t.queue.tasks.remove(t.name());
    taskTombstones.put(t.name(), now.plus(taskTombstone));
    changed.signalAll();
  }

  private void dropTasks(QueueEntry q, Instant now) {
    for (TaskEntry t : List.copyOf(q.tasks.values())) {
      retire(t, now);
    }
  }

  private void dropExpired(QueueEntry q, Instant now) {
    for (Iterator<TaskEntry> it = q.tasks.values().iterator(); it.hasNext(); ) {
      TaskEntry t = it.next();
      if (t.current == null && !now.isBefore(t.createTime().plus(TASK_RETENTION))) {
        it.remove();
        taskTombstones.put(t.name(), now.plus(taskTombstone));
      }
    }
  }

  private Instant dueAt(TaskEntry t) {
    return t.scheduleTime.plus(faults.forUrl(t.request().getUrl()).delay());
  }

  private List<TaskEntry> dueTasks(QueueEntry q, Instant now) {
    return q.tasks.values().stream()
        .filter(t -> t.current == null && !dueAt(t).isAfter(now))
        .sorted(Comparator.comparing(this::dueAt).thenComparing(TaskEntry::name))
        .toList();
  }

  private DispatchAttempt start(TaskEntry t, Instant now) {
    t.dispatchCount++;
    if (t.firstAttemptAt == null) {
      t.firstAttemptAt = now;
      t.firstAttempt = Attempt.newBuilder().setDispatchTime(ProtoTime.timestamp(now)).build();
    }
    t.lastAttempt =
        Attempt.newBuilder()
            .setScheduleTime(ProtoTime.timestamp(t.scheduleTime))
            .setDispatchTime(ProtoTime.timestamp(now))
            .build();
    DispatchAttempt attempt =
        new DispatchAttempt(t, t.dispatchCount, now, faults.forUrl(t.request().getUrl()));
    t.current = attempt;
    t.queue.inFlight++;
    inFlight.add(attempt);
    return attempt;
  }

  private void resolve(DispatchAttempt a, DeliveryResult r) {
    if (a.resolved) {
      return;
    }
    a.resolved = true;
    inFlight.remove(a);
    a.queue.inFlight--;
    record(a.record(r, false));
    TaskEntry t = a.task;
    if (live(t) && t.current == a) {
      t.current = null;
      settle(t, r);
    }
    changed.signalAll();
    wake();
  }

  /** Applies an attempt's outcome: done, retried after backoff, or given up. */
  private void settle(TaskEntry t, DeliveryResult r) {
    Instant now = r.finishedAt();
    t.lastAttempt =
        t.lastAttempt.toBuilder()
            .setResponseTime(ProtoTime.timestamp(now))
            .setResponseStatus(rpcStatus(r))
            .build();
    if (r.gotResponse()) {
      t.responseCount++;
      if (r.status() < 500) {
        t.executionCount++;
      }
      t.previousResponse = r.status();
    } else {
      t.previousResponse = null;
    }
    if (r.outcome() == DispatchRecord.Outcome.SUCCEEDED) {
      retire(t, now);
      return;
    }
    RetryPolicy policy = t.queue.retryPolicy();
    if (policy.exhausted(t.dispatchCount, t.firstAttemptAt, now)) {
      retire(t, now);
      return;
    }
    Duration backoff = policy.backoffAfter(t.dispatchCount);
    boolean throttled = r.status() == 429 || r.status() == 503;
    if (throttled && r.retryAfter() != null && r.retryAfter().compareTo(backoff) > 0) {
      backoff = r.retryAfter();
    }
    t.scheduleTime = now.plus(backoff);
  }

  private static com.google.rpc.Status rpcStatus(DeliveryResult r) {
    return switch (r.outcome()) {
      case SUCCEEDED -> com.google.rpc.Status.newBuilder().setCode(Code.OK_VALUE).build();
      case HTTP_ERROR ->
          com.google.rpc.Status.newBuilder()
              .setCode(HttpStatusCodes.toRpcCode(r.status()).getNumber())
              .setMessage("HTTP status code " + r.status())
              .build();
      case DEADLINE_EXCEEDED ->
          com.google.rpc.Status.newBuilder()
              .setCode(Code.DEADLINE_EXCEEDED_VALUE)
              .setMessage("The dispatch deadline was exceeded.")
              .build();
      case UNREACHABLE ->
          com.google.rpc.Status.newBuilder()
              .setCode(Code.UNAVAILABLE_VALUE)
              .setMessage("The target could not be reached.")
              .build();
      case RESPONSE_DROPPED ->
          com.google.rpc.Status.newBuilder()
              .setCode(Code.UNAVAILABLE_VALUE)
              .setMessage("The response was lost (emulator fault injection).")
              .build();
    };
  }

  private boolean idle(Instant now) {
    if (!inFlight.isEmpty()) {
      return false;
    }
    for (QueueEntry q : queues.values()) {
      if (q.running() && q.bucket().hasToken(now) && !dueTasks(q, now).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private void record(DispatchRecord record) {
    dispatches.addLast(record);
    while (dispatches.size() > MAX_DISPATCH_RECORDS) {
      dispatches.removeFirst();
    }
  }

  private List<TaskSnapshot> snapshotsLocked() {
    List<TaskSnapshot> result = new ArrayList<>();
    for (QueueEntry q : queues.values()) {
      q.tasks.values().forEach(t -> result.add(t.snapshot()));
    }
    return result;
  }

  private void wake() {
    wakeDispatcher.run();
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }
}
