package dev.veojobs.emulators.firestore;

import com.google.firestore.v1.Cursor;
import com.google.firestore.v1.Value;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Runs a {@link NormalizedQuery} over a set of stored documents, the way a Firestore index scan would. */
final class QueryEngine {
  private QueryEngine() {}

  static List<StoredDocument> run(NormalizedQuery query, Collection<StoredDocument> documents) {
    Comparator<StoredDocument> order = comparator(query.orders());
    Stream<StoredDocument> matching = documents.stream()
        .filter(doc -> inScope(query, doc))
        // A document without an ordered field is absent from the index the query scans.
        .filter(doc -> query.orders().stream().allMatch(o -> FilterMatcher.fieldValue(doc, o.path()).isPresent()))
        .filter(doc -> query.where().map(w -> FilterMatcher.matches(w, doc)).orElse(true))
        .sorted(order);
    if (query.startAt().isPresent()) {
      Cursor start = query.startAt().get();
      matching = matching.filter(doc -> {
        int c = compareToCursor(doc, start, query.orders());
        return start.getBefore() ? c >= 0 : c > 0;
      });
    }
    if (query.endAt().isPresent()) {
      Cursor end = query.endAt().get();
      matching = matching.filter(doc -> {
        int c = compareToCursor(doc, end, query.orders());
        return end.getBefore() ? c < 0 : c <= 0;
      });
    }
    matching = matching.skip(query.offset());
    if (query.limit().isPresent()) {
      matching = matching.limit(query.limit().getAsInt());
    }
    return matching.toList();
  }

  static boolean inScope(NormalizedQuery query, StoredDocument doc) {
    String prefix = query.parent() + "/";
    if (!doc.name().startsWith(prefix)) {
      return false;
    }
    DocumentName name = DocumentName.parse(doc.name());
    if (!query.collectionId().isEmpty() && !name.collectionId().equals(query.collectionId())) {
      return false;
    }
    return query.allDescendants() || name.collectionParentName().equals(query.parent());
  }

  private static Comparator<StoredDocument> comparator(List<NormalizedQuery.Ordering> orders) {
    return (a, b) -> {
      for (NormalizedQuery.Ordering o : orders) {
        int c = ValueOrdering.compare(value(a, o), value(b, o));
        if (c != 0) {
          return o.descending() ? -c : c;
        }
      }
      return 0;
    };
  }

  private static int compareToCursor(StoredDocument doc, Cursor cursor, List<NormalizedQuery.Ordering> orders) {
    for (int i = 0; i < cursor.getValuesCount(); i++) {
      NormalizedQuery.Ordering o = orders.get(i);
      Value bound = cursor.getValues(i);
      if (o.path().isDocumentName() && bound.hasStringValue()) {
        bound = Value.newBuilder().setReferenceValue(bound.getStringValue()).build();
      }
      int c = ValueOrdering.compare(value(doc, o), bound);
      if (c != 0) {
        return o.descending() ? -c : c;
      }
    }
    return 0;
  }

  private static Value value(StoredDocument doc, NormalizedQuery.Ordering ordering) {
    Optional<Value> value = FilterMatcher.fieldValue(doc, ordering.path());
    return value.orElseGet(() -> Value.newBuilder().setNullValueValue(0).build());
  }
}
