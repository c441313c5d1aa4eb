package dev.veojobs.emulators.firestore;

import com.google.firestore.v1.Document;
import com.google.firestore.v1.Value;
import com.google.protobuf.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stored document. {@code version} is the number of the commit that last changed it; transactions
 * remember it at read time and compare it at commit time.
 */
record StoredDocument(String name, Map<String, Value> fields, Timestamp createTime, Timestamp updateTime, long version) {
  StoredDocument {
    fields = Map.copyOf(fields);
  }

  Document toProto() {
    return Document.newBuilder()
        .setName(name)
        .putAllFields(fields)
        .setCreateTime(createTime)
        .setUpdateTime(updateTime)
        .build();
  }

  /** The document with only the given fields, as a mask or a query projection asks. */
  Document toProto(List<FieldPath> projection) {
    Map<String, Value> projected = new LinkedHashMap<>();
    for (FieldPath path : projection) {
      if (!path.isDocumentName()) {
        path.get(fields).ifPresent(value -> path.set(projected, value));
      }
    }
    return Document.newBuilder()
        .setName(name)
        .putAllFields(projected)
        .setCreateTime(createTime)
        .setUpdateTime(updateTime)
        .build();
  }
}
