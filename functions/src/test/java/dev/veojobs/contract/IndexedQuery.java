package dev.veojobs.contract;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A query that needs a composite index: equality or {@code in} filters, then order-by fields (a
 * range filter orders by its field, so it appears there).
 */
public record IndexedQuery(
    String purpose, String collection, Set<String> equalityFields, List<FirestoreIndex.Field> orderBy) {

  public IndexedQuery {
    equalityFields = Set.copyOf(equalityFields);
    orderBy = List.copyOf(orderBy);
  }

  @Override
  public String toString() {
    return purpose + ": " + collection + " where " + equalityFields.stream().sorted().collect(Collectors.joining(", "))
        + " order by " + orderBy.stream().map(FirestoreIndex.Field::toString).collect(Collectors.joining(", "));
  }
}
