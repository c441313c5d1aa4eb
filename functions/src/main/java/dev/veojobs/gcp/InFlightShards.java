package dev.veojobs.gcp;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.cloud.firestore.AggregateField;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.Transaction;
import com.google.common.util.concurrent.MoreExecutors;
import java.util.Map;

/**
 * The number of live jobs across all users, spread over {@link #SHARDS} documents
 * ({@code counters/in_flight/shards/{n}}) so that no single document is written by every job:
 * Firestore sustains about one write a second per document, and one global document made every
 * create and every ending contend (154 ABORTED commits per 500 concurrent creates, issue 10).
 *
 * <p>A job adds to the shard its id hashes to and takes away from the same shard when it ends, so
 * every shard stays at or above zero. The total is one sum() aggregation over the shards, read
 * outside the create transaction: the global cap is therefore a soft cap that concurrent creates
 * can pass by as many as run at once (the hard bound on Veo spend is the start queue's rate).
 */
final class InFlightShards {
  /** Enough that 20 concurrent creates rarely meet on one shard; the sum reads them in one call. */
  static final int SHARDS = 16;
  static final String COLLECTION = "counters/in_flight/shards";
  static final String FIELD = FirestoreJobStore.IN_FLIGHT;

  private final Firestore db;

  InFlightShards(Firestore db) {
    this.db = db;
  }

  /** The shard a job counts on; stable, so the ending takes away where the create added. */
  static String shardOf(String jobId) {
    return String.format("%02d", Math.floorMod(jobId.hashCode(), SHARDS));
  }

  void add(Transaction tx, String jobId, int delta) {
    tx.set(collection().document(shardOf(jobId)), Map.of(FIELD, FieldValue.increment(delta)), SetOptions.merge());
  }

  /** The sum over every shard, as one aggregation query (a missing shard counts 0). */
  ApiFuture<Long> total() {
    AggregateField sum = AggregateField.sum(FIELD);
    return ApiFutures.transform(collection().aggregate(sum).get(),
        snapshot -> {
          Number value = (Number) snapshot.get(sum);
          return value == null ? 0L : value.longValue();
        }, MoreExecutors.directExecutor());
  }

  private CollectionReference collection() {
    return db.collection(COLLECTION);
  }
}
