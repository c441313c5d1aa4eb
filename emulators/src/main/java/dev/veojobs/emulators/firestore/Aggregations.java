package dev.veojobs.emulators.firestore;

import com.google.firestore.v1.StructuredAggregationQuery.Aggregation;
import com.google.firestore.v1.Value;
import java.util.List;
import java.util.Optional;

/** count, sum and avg over the documents a query matched. */
final class Aggregations {
  private Aggregations() {}

  static Value compute(Aggregation aggregation, List<StoredDocument> docs) {
    return switch (aggregation.getOperatorCase()) {
      case COUNT -> {
        long count = docs.size();
        if (aggregation.getCount().hasUpTo()) {
          long upTo = aggregation.getCount().getUpTo().getValue();
          if (upTo < 1) {
            throw FirestoreErrors.invalidArgument("count up_to must be greater than zero.");
          }
          count = Math.min(count, upTo);
        }
        yield Value.newBuilder().setIntegerValue(count).build();
      }
      case SUM -> sum(numbers(docs, aggregation.getSum().getField().getFieldPath()));
      case AVG -> average(numbers(docs, aggregation.getAvg().getField().getFieldPath()));
      case OPERATOR_NOT_SET -> throw FirestoreErrors.invalidArgument("An aggregation must set count, sum or avg.");
    };
  }

  /** Only numeric values take part; documents without the field or with another type are skipped. */
  private static List<Value> numbers(List<StoredDocument> docs, String rawPath) {
    FieldPath path = FieldPath.parse(rawPath);
    return docs.stream()
        .map(doc -> path.get(doc.fields()))
        .flatMap(Optional::stream)
        .filter(ValueOrdering::isNumber)
        .toList();
  }

  /** Integers stay an integer unless the sum overflows or a double takes part. */
  private static Value sum(List<Value> values) {
    boolean integral = values.stream().allMatch(v -> v.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE);
    if (integral) {
      try {
        long total = 0;
        for (Value v : values) {
          total = Math.addExact(total, v.getIntegerValue());
        }
        return Value.newBuilder().setIntegerValue(total).build();
      } catch (ArithmeticException overflow) {
        // Falls through to a double sum, as production does on overflow.
      }
    }
    double total = 0;
    for (Value v : values) {
      total += asDouble(v);
    }
    return Value.newBuilder().setDoubleValue(total).build();
  }

  private static Value average(List<Value> values) {
    if (values.isEmpty()) {
      return Value.newBuilder().setNullValueValue(0).build();
    }
    double total = 0;
    for (Value v : values) {
      total += asDouble(v);
    }
    return Value.newBuilder().setDoubleValue(total / values.size()).build();
  }

  private static double asDouble(Value v) {
    return v.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE ? v.getIntegerValue() : v.getDoubleValue();
  }
}
