package dev.veojobs.wiring;

import dev.veojobs.app.BlobStore;
import dev.veojobs.app.JobRecords;
import dev.veojobs.app.JobStore;
import dev.veojobs.app.TaskQueue;
import dev.veojobs.app.UrlSigner;
import dev.veojobs.app.VideoModel;
import dev.veojobs.config.Config;
import dev.veojobs.config.FunctionClock;
import dev.veojobs.gcp.CloudTasksQueue;
import dev.veojobs.gcp.FirestoreJobRecords;
import dev.veojobs.gcp.FirestoreJobStore;
import dev.veojobs.gcp.GcpClients;
import dev.veojobs.gcp.GcsBlobStore;
import dev.veojobs.gcp.GcsUrlSigner;
import dev.veojobs.gcp.GenAiVideoModel;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The production (and local-stack) adapters, built from {@link Config}: Google's clients, pointed
 * at emulators when an emulator host is configured. Each client is built on first use, so a
 * function opens only the connections its requests need (jobs-api never builds a Veo client) and
 * a cold start does not pay for clients it will not use.
 */
public final class GcpAdapters implements Adapters {
  private final Clock clock = FunctionClock.get();
  private final Supplier<JobStore> jobStore;
  private final Supplier<TaskQueue> taskQueue;
  private final Supplier<VideoModel> videoModel;
  private final Supplier<GcsBlobStore> blobStore;
  private final Supplier<UrlSigner> urlSigner;
  private final Supplier<JobRecords> jobRecords;

  // What the use cases get: each builds its client on the first call (LazyPorts).
  private final JobStore jobStorePort;
  private final TaskQueue taskQueuePort;
  private final VideoModel videoModelPort;
  private final BlobStore blobStorePort;
  private final UrlSigner urlSignerPort;
  private final JobRecords jobRecordsPort;

  public GcpAdapters(Config config) {
    Supplier<com.google.cloud.storage.Storage> storage = Lazy.of(
        () -> GcpClients.storage(config.googleCloudProject(), config.storageEmulatorHost(), clock));
    Supplier<com.google.cloud.firestore.Firestore> firestore = Lazy.of(() -> GcpClients.firestore(
        config.googleCloudProject(), config.firestoreDatabase(), config.firestoreEmulatorHost()));
    this.jobStore = Lazy.of(() -> new FirestoreJobStore(firestore.get(), clock, config.jobRetention()));
    this.jobRecords = Lazy.of(() -> new FirestoreJobRecords(firestore.get()));
    this.taskQueue = Lazy.of(() -> new CloudTasksQueue(
        GcpClients.tasks(config.cloudTasksEmulatorHost()),
        config.googleCloudProject(), config.tasksLocation(), config.tasksQueue(), config.tasksStartQueue(),
        config.workerUrl(), config.finalizerUrl(), config.tasksInvokerSa(),
        config.tasksDispatchDeadline()));
    this.videoModel = Lazy.of(() -> new GenAiVideoModel(
        GcpClients.genai(config.googleCloudProject(), config.veoLocation(), config.veoBaseUrl())));
    this.blobStore = Lazy.of(() -> new GcsBlobStore(storage.get()));
    this.urlSigner = Lazy.of(() -> new GcsUrlSigner(
        storage.get(),
        GcpClients.signer(config.urlSignerLocalKeyFile(), config.urlSignerSa()),
        signedUrlHost(config.storageEmulatorHost())));
    this.jobStorePort = LazyPorts.jobStore(jobStore);
    this.taskQueuePort = LazyPorts.taskQueue(taskQueue);
    this.videoModelPort = LazyPorts.videoModel(videoModel);
    this.blobStorePort = LazyPorts.blobStore(blobStore);
    this.urlSignerPort = LazyPorts.urlSigner(urlSigner);
    this.jobRecordsPort = LazyPorts.jobRecords(jobRecords);
  }

  /** Locally, signed URLs must point at the Storage emulator the browser can reach. */
  private static String signedUrlHost(String storageEmulatorHost) {
    if (storageEmulatorHost == null) {
      return null;
    }
    return storageEmulatorHost.startsWith("http") ? storageEmulatorHost : "http://" + storageEmulatorHost;
  }

  @Override
  public JobStore jobStore() {
    return jobStorePort;
  }

  @Override
  public JobRecords jobRecords() {
    return jobRecordsPort;
  }

  @Override
  public TaskQueue taskQueue() {
    return taskQueuePort;
  }

  @Override
  public VideoModel videoModel() {
    return videoModelPort;
  }

  @Override
  public BlobStore blobStore() {
    return blobStorePort;
  }

  @Override
  public UrlSigner urlSigner() {
    return urlSignerPort;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  /** A thread-safe memo: the first caller builds, everyone after shares the result. */
  private static final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private volatile T value;

    private Lazy(Supplier<T> factory) {
      this.factory = factory;
    }

    static <T> Lazy<T> of(Supplier<T> factory) {
      return new Lazy<>(factory);
    }

    @Override
    public T get() {
      T v = value;
      if (v == null) {
        synchronized (this) {
          v = value;
          if (v == null) {
            v = factory.get();
            value = v;
          }
        }
      }
      return v;
    }
  }
}
