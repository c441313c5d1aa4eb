package dev.veojobs.emulators.firestore;

import com.google.firestore.v1.ArrayValue;
import com.google.firestore.v1.DocumentMask;
import com.google.firestore.v1.DocumentTransform.FieldTransform;
import com.google.firestore.v1.Precondition;
import com.google.firestore.v1.Value;
import com.google.firestore.v1.Write;
import com.google.firestore.v1.WriteResult;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Applies one {@link Write} to the current state of its document: preconditions, masks and field transforms. */
final class WriteApplier {
  private static final Value NULL = Value.newBuilder().setNullValueValue(0).build();

  /** What a commit stamps on every write: the server time for transforms, the commit time and version. */
  record CommitStamp(Timestamp requestTime, Timestamp commitTime, long version) {}

  /** The document after the write (empty after a delete) and the result the client sees. */
  record Outcome(String name, Optional<StoredDocument> after, WriteResult result, boolean changed) {}

  private WriteApplier() {}

  static String targetName(Write write) {
    return switch (write.getOperationCase()) {
      case UPDATE -> DocumentName.parse(write.getUpdate().getName()).name();
      case DELETE -> DocumentName.parse(write.getDelete()).name();
      case TRANSFORM -> DocumentName.parse(write.getTransform().getDocument()).name();
      case OPERATION_NOT_SET -> throw FirestoreErrors.invalidArgument(
          "A write must set one of update, delete or transform.");
    };
  }

  static Outcome apply(Write write, Optional<StoredDocument> current, CommitStamp stamp) {
    String name = targetName(write);
    if (write.hasCurrentDocument()) {
      checkPrecondition(write, name, write.getCurrentDocument(), current);
    }
    if (write.getOperationCase() == Write.OperationCase.DELETE) {
      // Production leaves update_time unset after a delete (the client fills in the commit time, BulkWriter does not).
      return new Outcome(name, Optional.empty(), WriteResult.getDefaultInstance(), current.isPresent());
    }

    Map<String, Value> fields = new LinkedHashMap<>();
    List<FieldTransform> transforms;
    if (write.getOperationCase() == Write.OperationCase.UPDATE) {
      Map<String, Value> given = write.getUpdate().getFieldsMap();
      if (write.hasUpdateMask()) {
        current.ifPresent(doc -> fields.putAll(doc.fields()));
        applyMask(write.getUpdateMask(), given, fields);
      } else {
        fields.putAll(given);
      }
      transforms = write.getUpdateTransformsList();
    } else {
      current.ifPresent(doc -> fields.putAll(doc.fields()));
      transforms = write.getTransform().getFieldTransformsList();
    }

    List<Value> transformResults = new ArrayList<>();
    for (FieldTransform transform : transforms) {
      FieldPath path = FieldPath.parse(transform.getFieldPath());
      Value next = transformed(transform, path.get(fields), stamp);
      path.set(fields, next);
      transformResults.add(resultOf(transform, next));
    }

    // Firestore leaves a document untouched, update time included, when a write changes nothing in it.
    if (current.isPresent() && current.get().fields().equals(fields)) {
      WriteResult result = WriteResult.newBuilder()
          .setUpdateTime(current.get().updateTime())
          .addAllTransformResults(transformResults)
          .build();
      return new Outcome(name, current, result, false);
    }
    Timestamp createTime = current.map(StoredDocument::createTime).orElse(stamp.commitTime());
    StoredDocument after = new StoredDocument(name, fields, createTime, stamp.commitTime(), stamp.version());
    WriteResult result = WriteResult.newBuilder()
        .setUpdateTime(stamp.commitTime())
        .addAllTransformResults(transformResults)
        .build();
    return new Outcome(name, Optional.of(after), result, true);
  }

  private static void checkPrecondition(
      Write write, String name, Precondition precondition, Optional<StoredDocument> current) {
    switch (precondition.getConditionTypeCase()) {
      case EXISTS -> {
        if (!precondition.getExists() && current.isPresent()) {
          throw FirestoreErrors.alreadyExists(name);
        }
        if (precondition.getExists() && current.isEmpty()) {
          throw write.getOperationCase() == Write.OperationCase.DELETE
              ? FirestoreErrors.notFound("No document to delete: " + name)
              : FirestoreErrors.noDocumentToUpdate(name);
        }
      }
      case UPDATE_TIME -> {
        Timestamp required = precondition.getUpdateTime();
        if (current.isEmpty() || ValueOrdering.compareTimestamps(current.get().updateTime(), required) != 0) {
          long stored = current.map(doc -> Timestamps.toMicros(doc.updateTime())).orElse(0L);
          throw FirestoreErrors.failedPrecondition("the stored version (" + stored
              + ") does not match the required base version (" + Timestamps.toMicros(required) + ")");
        }
      }
      case CONDITIONTYPE_NOT_SET -> {
        // An empty precondition constrains nothing.
      }
    }
  }

  /** Fields named in the mask take the given value, or are removed when the write does not carry them. */
  private static void applyMask(DocumentMask mask, Map<String, Value> given, Map<String, Value> fields) {
    for (String rawPath : mask.getFieldPathsList()) {
      FieldPath path = FieldPath.parse(rawPath);
      Optional<Value> value = path.get(given);
      if (value.isPresent()) {
        path.set(fields, value.get());
      } else {
        path.delete(fields);
      }
    }
  }

  private static Value transformed(FieldTransform transform, Optional<Value> current, CommitStamp stamp) {
    return switch (transform.getTransformTypeCase()) {
      case SET_TO_SERVER_VALUE -> {
        if (transform.getSetToServerValue() != FieldTransform.ServerValue.REQUEST_TIME) {
          throw FirestoreErrors.invalidArgument("Unsupported server value: " + transform.getSetToServerValue());
        }
        yield Value.newBuilder().setTimestampValue(stamp.requestTime()).build();
      }
      case INCREMENT -> increment(current, numericOperand(transform, transform.getIncrement()));
      case MAXIMUM -> extreme(current, numericOperand(transform, transform.getMaximum()), 1);
      case MINIMUM -> extreme(current, numericOperand(transform, transform.getMinimum()), -1);
      case APPEND_MISSING_ELEMENTS -> {
        List<Value> elements = new ArrayList<>(arrayOrEmpty(current));
        for (Value element : transform.getAppendMissingElements().getValuesList()) {
          if (elements.stream().noneMatch(existing -> ValueOrdering.equal(existing, element))) {
            elements.add(element);
          }
        }
        yield array(elements);
      }
      case REMOVE_ALL_FROM_ARRAY -> {
        List<Value> elements = new ArrayList<>(arrayOrEmpty(current));
        ArrayValue removed = transform.getRemoveAllFromArray();
        elements.removeIf(existing -> ValueOrdering.arrayContains(removed, existing));
        yield array(elements);
      }
      case TRANSFORMTYPE_NOT_SET -> throw FirestoreErrors.invalidArgument(
          "Field transform for \"" + transform.getFieldPath() + "\" sets no transform.");
    };
  }

  private static Value resultOf(FieldTransform transform, Value next) {
    return switch (transform.getTransformTypeCase()) {
      case APPEND_MISSING_ELEMENTS, REMOVE_ALL_FROM_ARRAY -> NULL;
      default -> next;
    };
  }

  private static Value numericOperand(FieldTransform transform, Value operand) {
    if (!ValueOrdering.isNumber(operand)) {
      throw FirestoreErrors.invalidArgument("Field transform for \"" + transform.getFieldPath()
          + "\" needs a numeric operand, got " + operand.getValueTypeCase() + ".");
    }
    return operand;
  }

  /** Integer overflow saturates; any double makes the sum a double; a non-number is replaced. */
  private static Value increment(Optional<Value> current, Value operand) {
    if (current.isEmpty() || !ValueOrdering.isNumber(current.get())) {
      return operand;
    }
    Value base = current.get();
    if (base.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE
        && operand.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE) {
      long a = base.getIntegerValue();
      long b = operand.getIntegerValue();
      long sum = a + b;
      if (((a ^ sum) & (b ^ sum)) < 0) {
        sum = a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
      return Value.newBuilder().setIntegerValue(sum).build();
    }
    return Value.newBuilder().setDoubleValue(asDouble(base) + asDouble(operand)).build();
  }

  /** Maximum ({@code sign} 1) or minimum (-1); NaN wins, an equal operand leaves the stored value. */
  private static Value extreme(Optional<Value> current, Value operand, int sign) {
    if (current.isEmpty() || !ValueOrdering.isNumber(current.get())) {
      return operand;
    }
    Value base = current.get();
    if (ValueOrdering.isNaN(base)) {
      return base;
    }
    if (ValueOrdering.isNaN(operand)) {
      return operand;
    }
    return Integer.signum(ValueOrdering.compare(operand, base)) == sign ? operand : base;
  }

  private static double asDouble(Value number) {
    return number.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE
        ? (double) number.getIntegerValue()
        : number.getDoubleValue();
  }

  private static List<Value> arrayOrEmpty(Optional<Value> current) {
    return current.filter(v -> v.getValueTypeCase() == Value.ValueTypeCase.ARRAY_VALUE)
        .map(v -> v.getArrayValue().getValuesList())
        .orElse(List.of());
  }

  private static Value array(List<Value> elements) {
    return Value.newBuilder().setArrayValue(ArrayValue.newBuilder().addAllValues(elements)).build();
  }
}
