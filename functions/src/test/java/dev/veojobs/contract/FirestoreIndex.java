package dev.veojobs.contract;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A composite index as firestore.indexes.json and google_firestore_index describe it. */
public record FirestoreIndex(String collectionGroup, String queryScope, List<Field> fields) {

  /** One indexed field: its path and ASCENDING/DESCENDING (or the arrayConfig, e.g. CONTAINS). */
  public record Field(String path, String order) {
    @Override
    public String toString() {
      return path + " " + order;
    }
  }

  public FirestoreIndex {
    queryScope = queryScope == null ? "COLLECTION" : queryScope;
    fields = List.copyOf(fields);
  }

  /** An entry of firestore.indexes.json's "indexes" list, as Jackson decodes it. */
  @SuppressWarnings("unchecked")
  public static FirestoreIndex fromJson(Object entry) {
    Map<String, Object> index = (Map<String, Object>) entry;
    List<Field> fields = new ArrayList<>();
    for (Object f : (List<Object>) index.getOrDefault("fields", List.of())) {
      Map<String, Object> field = (Map<String, Object>) f;
      Object order = field.containsKey("order") ? field.get("order") : field.get("arrayConfig");
      fields.add(new Field(String.valueOf(field.get("fieldPath")), String.valueOf(order)));
    }
    return new FirestoreIndex(
        String.valueOf(index.get("collectionGroup")), (String) index.get("queryScope"), fields);
  }

  /**
   * Whether Firestore can run {@code query} on this index: the equality (and in) fields first, in
   * any order, then the order-by fields with their directions.
   */
  public boolean serves(IndexedQuery query) {
    if (!collectionGroup.equals(query.collection()) || !"COLLECTION".equals(queryScope)) {
      return false;
    }
    int equalities = query.equalityFields().size();
    if (fields.size() != equalities + query.orderBy().size()) {
      return false;
    }
    Set<String> prefix = new HashSet<>();
    fields.subList(0, equalities).forEach(field -> prefix.add(field.path()));
    return prefix.equals(query.equalityFields())
        && fields.subList(equalities, fields.size()).equals(query.orderBy());
  }

  @Override
  public String toString() {
    return collectionGroup + "(" + fields.stream().map(Field::toString).collect(Collectors.joining(", ")) + ")"
        + ("COLLECTION".equals(queryScope) ? "" : " " + queryScope);
  }
}
