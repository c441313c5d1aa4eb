package dev.veojobs.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.firestore.Query;
import com.google.firestore.v1.StructuredQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Indexes ↔ queries: every query the job store runs has its composite index in
 * emulator-config/firestore.indexes.json, and the file holds no index no query needs.
 */
class FirestoreIndexContractTest {
  private static final Path INDEX_FILE = Path.of("..", "emulator-config", "firestore.indexes.json");
  private static Firestore db;

  @BeforeAll
  static void client() {
    // Building queries needs a client but no server.
    db = FirestoreOptions.newBuilder().setProjectId("contract").setEmulatorHost("localhost:1").build().getService();
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
  }

  @Test
  void theIndexFileHoldsExactlyTheCompositeIndexesTheQueriesNeed() throws Exception {
    Set<String> needed = new HashSet<>();
    for (Query query : FirestoreQueries.all(db)) {
      String index = requiredIndex(query.toProto().getStructuredQuery());
      if (index != null) {
        needed.add(index);
      }
    }
    assertThat(declaredIndexes()).containsExactlyInAnyOrderElementsOf(needed);
  }

  @Test
  void theListQueriesNeedFourIndexesAndTheSweeperOne() {
    Set<String> needed = new HashSet<>();
    FirestoreQueries.all(db).forEach(q -> needed.add(requiredIndex(q.toProto().getStructuredQuery())));
    assertThat(needed).contains(
        "jobs:owner_uid ASCENDING,created_at DESCENDING",
        "jobs:owner_uid ASCENDING,node_id ASCENDING,status ASCENDING,created_at DESCENDING",
        "jobs:status ASCENDING,updated_at ASCENDING");
  }

  /**
   * Equality and IN fields in filter order, then the order-by fields; the document id is implied
   * by every index. A query over one field is served by the automatic single-field index.
   */
  static String requiredIndex(StructuredQuery q) {
    List<String> fields = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (StructuredQuery.FieldFilter f : fieldFilters(q.getWhere())) {
      String op = f.getOp().name();
      if ((op.equals("EQUAL") || op.equals("IN")) && seen.add(f.getField().getFieldPath())) {
        fields.add(f.getField().getFieldPath() + " ASCENDING");
      }
    }
    for (StructuredQuery.Order o : q.getOrderByList()) {
      String path = o.getField().getFieldPath();
      if (!path.equals("__name__") && seen.add(path)) {
        fields.add(path + " " + o.getDirection().name());
      }
    }
    if (fields.size() < 2) {
      return null;
    }
    return q.getFrom(0).getCollectionId() + ":" + String.join(",", fields);
  }

  private static List<StructuredQuery.FieldFilter> fieldFilters(StructuredQuery.Filter filter) {
    List<StructuredQuery.FieldFilter> out = new ArrayList<>();
    if (filter.hasFieldFilter()) {
      out.add(filter.getFieldFilter());
    } else if (filter.hasCompositeFilter()) {
      filter.getCompositeFilter().getFiltersList().forEach(f -> out.addAll(fieldFilters(f)));
    }
    return out;
  }

  private static List<String> declaredIndexes() throws Exception {
    JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(INDEX_FILE));
    List<String> out = new ArrayList<>();
    for (JsonNode index : root.get("indexes")) {
      List<String> fields = new ArrayList<>();
      for (JsonNode f : index.get("fields")) {
        fields.add(f.get("fieldPath").asText() + " " + f.get("order").asText());
      }
      assertThat(index.get("queryScope").asText()).isEqualTo("COLLECTION");
      out.add(index.get("collectionGroup").asText() + ":" + String.join(",", fields));
    }
    return out;
  }
}
