package dev.veojobs.emulators.firestore;

import com.google.firestore.v1.Cursor;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.StructuredQuery.CollectionSelector;
import com.google.firestore.v1.StructuredQuery.FieldFilter;
import com.google.firestore.v1.StructuredQuery.Filter;
import com.google.firestore.v1.StructuredQuery.UnaryFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * A validated structured query with Firestore's implicit ordering made explicit: inequality fields missing
 * from the order by are appended in field path order, then {@code __name__}, all in the direction of the
 * last explicit order.
 */
record NormalizedQuery(
    String parent,
    String database,
    String collectionId,
    boolean allDescendants,
    Optional<Filter> where,
    List<Ordering> orders,
    Optional<Cursor> startAt,
    Optional<Cursor> endAt,
    int offset,
    OptionalInt limit,
    Optional<List<FieldPath>> projection) {

  record Ordering(FieldPath path, boolean descending) {}

  static NormalizedQuery of(String parent, StructuredQuery query) {
    String database = DocumentName.databaseOf(parent);
    if (!parent.equals(database + DocumentName.DOCUMENTS)) {
      DocumentName parentDoc = DocumentName.parse(parent, false);
      if (!parentDoc.isDocument()) {
        throw FirestoreErrors.invalidArgument("Invalid query parent \"" + parent
            + "\": a parent is the database's documents root or a document.");
      }
    }
    if (query.getFromCount() != 1) {
      throw FirestoreErrors.invalidArgument("A query must select exactly one collection in 'from', found "
          + query.getFromCount() + ".");
    }
    CollectionSelector from = query.getFrom(0);
    if (from.getCollectionId().contains("/") || (from.getCollectionId().isEmpty() && !from.getAllDescendants())) {
      throw FirestoreErrors.invalidArgument("Invalid collection id \"" + from.getCollectionId() + "\" in query.");
    }
    DocumentName.requireCollectionId(from.getCollectionId(), parent);
    if (query.hasFindNearest()) {
      throw FirestoreErrors.unimplemented("RunQuery (find_nearest vector search)");
    }
    if (query.getOffset() < 0 || (query.hasLimit() && query.getLimit().getValue() < 0)) {
      throw FirestoreErrors.invalidArgument("Query offset and limit must not be negative.");
    }
    Optional<Filter> where = query.hasWhere() ? Optional.of(query.getWhere()) : Optional.empty();
    where.ifPresent(FilterMatcher::validate);
    where.ifPresent(FilterMatcher::checkDisjunctions);

    List<Ordering> orders = new ArrayList<>();
    for (StructuredQuery.Order order : query.getOrderByList()) {
      FieldPath path = FieldPath.parse(order.getField().getFieldPath());
      if (orders.stream().noneMatch(o -> o.path().equals(path))) {
        orders.add(new Ordering(path, order.getDirection() == StructuredQuery.Direction.DESCENDING));
      }
    }
    boolean lastDescending = !orders.isEmpty() && orders.get(orders.size() - 1).descending();
    boolean namesOrdered = orders.stream().anyMatch(o -> o.path().isDocumentName());
    if (!namesOrdered) {
      for (FieldPath inequality : where.map(NormalizedQuery::inequalityFields).orElse(new TreeSet<>())) {
        if (!inequality.isDocumentName() && orders.stream().noneMatch(o -> o.path().equals(inequality))) {
          orders.add(new Ordering(inequality, lastDescending));
        }
      }
      orders.add(new Ordering(FieldPath.DOCUMENT_NAME, lastDescending));
    }

    Optional<Cursor> startAt = query.hasStartAt() ? Optional.of(query.getStartAt()) : Optional.empty();
    Optional<Cursor> endAt = query.hasEndAt() ? Optional.of(query.getEndAt()) : Optional.empty();
    for (Cursor cursor : List.of(query.getStartAt(), query.getEndAt())) {
      if (cursor.getValuesCount() > orders.size()) {
        throw FirestoreErrors.invalidArgument("Too many cursor values specified. The specified order by clause has "
            + orders.size() + " fields, the cursor has " + cursor.getValuesCount() + " values.");
      }
    }
    Optional<List<FieldPath>> projection = query.hasSelect()
        ? Optional.of(query.getSelect().getFieldsList().stream().map(f -> FieldPath.parse(f.getFieldPath())).toList())
        : Optional.empty();
    return new NormalizedQuery(parent, database, from.getCollectionId(), from.getAllDescendants(), where,
        List.copyOf(orders), startAt, endAt, query.getOffset(),
        query.hasLimit() ? OptionalInt.of(query.getLimit().getValue()) : OptionalInt.empty(), projection);
  }

  /** Fields under a range, != or not-in filter anywhere in the filter tree, in field path order. */
  static TreeSet<FieldPath> inequalityFields(Filter filter) {
    TreeSet<FieldPath> fields = new TreeSet<>();
    FilterMatcher.walk(filter, leaf -> {
      if (leaf.hasFieldFilter()) {
        FieldFilter f = leaf.getFieldFilter();
        switch (f.getOp()) {
          case LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL, NOT_EQUAL, NOT_IN ->
              fields.add(FieldPath.parse(f.getField().getFieldPath()));
          default -> {
          }
        }
      } else if (leaf.getUnaryFilter().getOp() == UnaryFilter.Operator.IS_NOT_NAN
          || leaf.getUnaryFilter().getOp() == UnaryFilter.Operator.IS_NOT_NULL) {
        fields.add(FieldPath.parse(leaf.getUnaryFilter().getField().getFieldPath()));
      }
    });
    return fields;
  }

  String projectId() {
    return database.split("/")[1];
  }
}
