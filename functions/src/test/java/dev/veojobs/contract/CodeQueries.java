package dev.veojobs.contract;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.firestore.Query;
import com.google.firestore.v1.StructuredQuery;
import dev.veojobs.gcp.FirestoreQueries;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The composite-index queries the job store really runs, read from {@link FirestoreQueries} rather
 * than written down a second time, so the index contract follows the code: equality and {@code in}
 * fields, then the order-by fields. Queries over one field need no composite index and are left out.
 */
final class CodeQueries {

  static List<IndexedQuery> all() {
    // Building queries needs a client but no server.
    try (Firestore db = FirestoreOptions.newBuilder()
        .setProjectId("contract").setEmulatorHost("localhost:1").build().getService()) {
      Set<IndexedQuery> shapes = new LinkedHashSet<>();
      for (Query query : FirestoreQueries.all(db)) {
        IndexedQuery shape = shape(query.toProto().getStructuredQuery());
        if (shape.equalityFields().size() + shape.orderBy().size() > 1) {
          shapes.add(shape);
        }
      }
      return List.copyOf(shapes);
    } catch (Exception e) {
      throw new IllegalStateException("could not build the job store's queries", e);
    }
  }

  private static IndexedQuery shape(StructuredQuery q) {
    Set<String> equality = new LinkedHashSet<>();
    for (StructuredQuery.FieldFilter f : fieldFilters(q.getWhere())) {
      if (f.getOp() == StructuredQuery.FieldFilter.Operator.EQUAL
          || f.getOp() == StructuredQuery.FieldFilter.Operator.IN) {
        equality.add(f.getField().getFieldPath());
      }
    }
    List<FirestoreIndex.Field> orderBy = new ArrayList<>();
    for (StructuredQuery.Order o : q.getOrderByList()) {
      String path = o.getField().getFieldPath();
      if (!path.equals("__name__") && !equality.contains(path)) {
        orderBy.add(new FirestoreIndex.Field(path, o.getDirection().name()));
      }
    }
    String collection = q.getFrom(0).getCollectionId();
    String purpose = "the job store's query on " + collection + " by " + String.join(", ", equality);
    return new IndexedQuery(purpose, collection, equality, orderBy);
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

  private CodeQueries() {}
}
