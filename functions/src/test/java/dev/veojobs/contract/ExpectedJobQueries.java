package dev.veojobs.contract;

import dev.veojobs.contract.FirestoreIndex.Field;
import java.util.List;
import java.util.Set;

/**
 * The composite-index queries the job store runs, as DESIGN.md specifies them: the caller's jobs
 * newest first, optionally filtered by node and status (GET /v1/jobs and the node's latest job),
 * and the sweeper's live jobs oldest update first ({@code status in [PENDING, PROCESSING]} and
 * {@code updated_at < t}, ordered by {@code updated_at}).
 */
final class ExpectedJobQueries {

  private static final Field CREATED_DESC = new Field("created_at", "DESCENDING");

  static final List<IndexedQuery> ALL = List.of(
      new IndexedQuery("the caller's jobs", "jobs", Set.of("owner_uid"), List.of(CREATED_DESC)),
      new IndexedQuery("the caller's jobs of a node (and its latest job)", "jobs",
          Set.of("owner_uid", "node_id"), List.of(CREATED_DESC)),
      new IndexedQuery("the caller's jobs with a status", "jobs",
          Set.of("owner_uid", "status"), List.of(CREATED_DESC)),
      new IndexedQuery("the caller's jobs of a node with a status", "jobs",
          Set.of("owner_uid", "node_id", "status"), List.of(CREATED_DESC)),
      new IndexedQuery("sweeper: live jobs not updated since a time, oldest first", "jobs",
          Set.of("status"), List.of(new Field("updated_at", "ASCENDING"))));

  private ExpectedJobQueries() {}
}
