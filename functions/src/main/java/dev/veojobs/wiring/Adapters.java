package dev.veojobs.wiring;

import dev.veojobs.app.BlobStore;
import dev.veojobs.app.JobRecords;
import dev.veojobs.app.JobStore;
import dev.veojobs.app.TaskQueue;
import dev.veojobs.app.UrlSigner;
import dev.veojobs.app.VideoModel;
import dev.veojobs.config.Config;
import java.time.Clock;

/**
 * The ports the use cases need, as one function instance provides them. Implementations should
 * build each client on first use, so jobs-api never opens a Veo client and the finalizer never
 * opens Cloud Tasks' unless it enqueues.
 */
public interface Adapters {
  JobStore jobStore();

  /** Event history and deletion records, beside the jobs. */
  JobRecords jobRecords();

  TaskQueue taskQueue();

  VideoModel videoModel();

  BlobStore blobStore();

  UrlSigner urlSigner();

  Clock clock();

  /** The production and local-stack adapters: Google's clients, pointed at emulators when configured. */
  static Adapters forConfig(Config config) {
    return new GcpAdapters(config);
  }
}
