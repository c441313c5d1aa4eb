package dev.veojobs.emulators.stack.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ports the local stack listens on, as in {@code ports} of {@code local-stack.json}; 0 picks a
 * free port. {@code auth} is only for the official Firebase Auth emulator, which the stack does not
 * start, so it is not here.
 */
public record StackPorts(
    int firestore,
    int firestoreAdmin,
    int storage,
    int tasks,
    int tasksAdmin,
    int veo,
    int jobsApi,
    int jobWorker,
    int jobFinalizer,
    int web) {

  public StackPorts {
    for (Map.Entry<String, Integer> port : byKey(firestore, firestoreAdmin, storage, tasks, tasksAdmin, veo,
        jobsApi, jobWorker, jobFinalizer, web).entrySet()) {
      if (port.getValue() < 0 || port.getValue() > 65535) {
        throw new IllegalArgumentException("ports." + port.getKey() + " must be 0..65535, got " + port.getValue());
      }
    }
  }

  /** Every port 0: what tests and the demo use so they never collide with a running stack. */
  public static StackPorts allFree() {
    return new StackPorts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** The ports keyed by their name in {@code local-stack.json}, in file order. */
  public Map<String, Integer> byKey() {
    return byKey(firestore, firestoreAdmin, storage, tasks, tasksAdmin, veo, jobsApi, jobWorker, jobFinalizer, web);
  }

  private static Map<String, Integer> byKey(int firestore, int firestoreAdmin, int storage, int tasks,
      int tasksAdmin, int veo, int jobsApi, int jobWorker, int jobFinalizer, int web) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("firestore", firestore);
    ports.put("firestore_admin", firestoreAdmin);
    ports.put("storage", storage);
    ports.put("tasks", tasks);
    ports.put("tasks_admin", tasksAdmin);
    ports.put("veo", veo);
    ports.put("jobs_api", jobsApi);
    ports.put("job_worker", jobWorker);
    ports.put("job_finalizer", jobFinalizer);
    ports.put("web", web);
    return ports;
  }
}
