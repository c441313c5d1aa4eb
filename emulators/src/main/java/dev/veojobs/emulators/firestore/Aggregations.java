package dev.veojobs.emulators.firestore;

import com.google.firestore.v1.StructuredAggregationQuery.Aggregation;
import com.google.firestore.v1.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** count, sum and avg over the documents a query matched. */
final class Aggregations {
  static final int MAX_AGGREGATIONS = 5;
  private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

  private Aggregations() {}

  static void validate(List<Aggregation> aggregations) {
    if (aggregations.isEmpty()) {
      throw FirestoreErrors.invalidArgument("An aggregation query needs at least one aggregation.");
    }
    if (aggregations.size() > MAX_AGGREGATIONS) {
      throw FirestoreErrors.invalidArgument("An aggregation query may have at most " + MAX_AGGREGATIONS
          + " aggregations, found " + aggregations.size() + ".");
    }
  }

  /**
   * The documents every aggregation of the query sees: production answers from an index that holds all the
   * aggregated fields, so a document missing any of them (whatever its type) is left out of every aggregation,
   * count included.
   */
  static List<StoredDocument> inScope(List<Aggregation> aggregations, List<StoredDocument> matched) {
    List<FieldPath> fields = new ArrayList<>();
    for (Aggregation aggregation : aggregations) {
      switch (aggregation.getOperatorCase()) {
        case SUM -> fields.add(FieldPath.parse(aggregation.getSum().getField().getFieldPath()));
        case AVG -> fields.add(FieldPath.parse(aggregation.getAvg().getField().getFieldPath()));
        default -> {
        }
      }
    }
    return matched.stream()
        .filter(doc -> fields.stream().allMatch(path -> FilterMatcher.fieldValue(doc, path).isPresent()))
        .toList();
  }

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

  /**
   * Integers stay an integer when the final sum fits 64 bits, even if a running total on the way did not;
   * a sum past 64 bits, or any double taking part, makes it a double.
   */
  private static Value sum(List<Value> values) {
    boolean integral = values.stream().allMatch(v -> v.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE);
    if (integral) {
      BigInteger total = BigInteger.ZERO;
      for (Value v : values) {
        total = total.add(BigInteger.valueOf(v.getIntegerValue()));
      }
      if (total.compareTo(MIN_LONG) >= 0 && total.compareTo(MAX_LONG) <= 0) {
        return Value.newBuilder().setIntegerValue(total.longValueExact()).build();
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
