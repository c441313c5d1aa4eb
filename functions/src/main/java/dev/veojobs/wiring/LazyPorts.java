package dev.veojobs.wiring;

import dev.veojobs.app.AdmissionLimits;
import dev.veojobs.app.BlobStore;
import dev.veojobs.app.CreateOutcome;
import dev.veojobs.app.JobChange;
import dev.veojobs.app.JobPage;
import dev.veojobs.app.JobQuery;
import dev.veojobs.app.JobRecords;
import dev.veojobs.app.JobStore;
import dev.veojobs.app.RecordedEventPage;
import dev.veojobs.app.OperationState;
import dev.veojobs.app.SignedUrl;
import dev.veojobs.app.SweepBatch;
import dev.veojobs.app.TaskQueue;
import dev.veojobs.app.TaskRequest;
import dev.veojobs.app.UrlSigner;
import dev.veojobs.app.VideoGenerationRequest;
import dev.veojobs.app.VideoModel;
import dev.veojobs.job.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Ports whose client is built on the first call, not when the use cases are wired: a jobs-api
 * instance answering its first request with a 401 never loads gRPC, Firestore or Cloud Tasks, and a
 * GET never builds the Cloud Tasks client (issue 10: cold start). Each supplier memoizes.
 */
final class LazyPorts {
  private LazyPorts() {}

  static JobStore jobStore(Supplier<JobStore> store) {
    return new JobStore() {
      @Override
      public CreateOutcome create(Job job, AdmissionLimits limits) {
        return store.get().create(job, limits);
      }

      @Override
      public Optional<Job> find(String jobId) {
        return store.get().find(jobId);
      }

      @Override
      public <R> R update(String jobId, JobChange<R> change) {
        return store.get().update(jobId, change);
      }

      @Override
      public JobPage list(JobQuery query) {
        return store.get().list(query);
      }

      @Override
      public Optional<Job> latestForNode(String ownerUid, String nodeId) {
        return store.get().latestForNode(ownerUid, nodeId);
      }

      @Override
      public SweepBatch findStalled(Instant updatedBefore, int limit) {
        return store.get().findStalled(updatedBefore, limit);
      }

      @Override
      public SweepBatch findPastDeadline(Instant now, int limit) {
        return store.get().findPastDeadline(now, limit);
      }

      @Override
      public SweepBatch findOwedWebhooks(Instant dueBefore, int limit) {
        return store.get().findOwedWebhooks(dueBefore, limit);
      }
    };
  }

  static TaskQueue taskQueue(Supplier<TaskQueue> queue) {
    return task -> queue.get().enqueue(task);
  }

  static UrlSigner urlSigner(Supplier<UrlSigner> signer) {
    return new UrlSigner() {
      @Override
      public SignedUrl signGet(String bucket, String objectName, Duration ttl) {
        return signer.get().signGet(bucket, objectName, ttl);
      }

      @Override
      public SignedUrl signPut(String bucket, String objectName, String contentType, Duration ttl) {
        return signer.get().signPut(bucket, objectName, contentType, ttl);
      }
    };
  }

  static JobRecords jobRecords(Supplier<JobRecords> records) {
    return new JobRecords() {
      @Override
      public RecordedEventPage events(String jobId, long afterSeq, int pageSize) {
        return records.get().events(jobId, afterSeq, pageSize);
      }

      @Override
      public void markDeleted(Job job, Instant at) {
        records.get().markDeleted(job, at);
      }

      @Override
      public Optional<String> deletedJobOwner(String jobId) {
        return records.get().deletedJobOwner(jobId);
      }

      @Override
      public void purge(Job job) {
        records.get().purge(job);
      }
    };
  }

  static BlobStore blobStore(Supplier<? extends BlobStore> blobs) {
    return new BlobStore() {
      @Override
      public String copy(String sourceGcsUri, String bucket, String objectName) {
        return blobs.get().copy(sourceGcsUri, bucket, objectName);
      }

      @Override
      public String upload(byte[] data, String contentType, String bucket, String objectName) {
        return blobs.get().upload(data, contentType, bucket, objectName);
      }

      @Override
      public boolean exists(String bucket, String objectName) {
        return blobs.get().exists(bucket, objectName);
      }

      @Override
      public List<String> list(String bucket, String prefix) {
        return blobs.get().list(bucket, prefix);
      }

      @Override
      public void delete(String bucket, String objectName) {
        blobs.get().delete(bucket, objectName);
      }

      @Override
      public BlobInfo describe(String bucket, String objectName) {
        return blobs.get().describe(bucket, objectName);
      }
    };
  }

  static VideoModel videoModel(Supplier<VideoModel> model) {
    return new VideoModel() {
      @Override
      public String start(VideoGenerationRequest request) {
        return model.get().start(request);
      }

      @Override
      public OperationState poll(String operationName) {
        return model.get().poll(operationName);
      }
    };
  }
}
