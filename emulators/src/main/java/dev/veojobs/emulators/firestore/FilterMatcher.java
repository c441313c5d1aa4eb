package dev.veojobs.emulators.firestore;

import com.google.firestore.v1.StructuredQuery.CompositeFilter;
import com.google.firestore.v1.StructuredQuery.FieldFilter;
import com.google.firestore.v1.StructuredQuery.Filter;
import com.google.firestore.v1.StructuredQuery.UnaryFilter;
import com.google.firestore.v1.Value;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides whether a document matches a query filter. A filter never matches a document that lacks the
 * field; equality and range filters only match values of the filter value's type (1 and 1.0 are the
 * same type); ranges never match NaN; != and not-in also skip null, as production does.
 */
final class FilterMatcher {
  private FilterMatcher() {}

  /** Production's limits: {@code in} and {@code array-contains-any} take 30 values, {@code not-in} 10. */
  static final int MAX_DISJUNCTIONS = 30;
  static final int MAX_NOT_IN_VALUES = 10;

  /** Rejects filters production would reject before running them. */
  static void validate(Filter filter) {
    walk(filter, leaf -> {
      if (leaf.hasFieldFilter()) {
        FieldFilter f = leaf.getFieldFilter();
        FieldPath.parse(f.getField().getFieldPath());
        switch (f.getOp()) {
          case IN, NOT_IN, ARRAY_CONTAINS_ANY -> {
            if (!f.getValue().hasArrayValue()) {
              throw FirestoreErrors.invalidArgument("A '" + f.getOp() + "' filter on \"" + f.getField().getFieldPath()
                  + "\" needs an array value.");
            }
            int values = f.getValue().getArrayValue().getValuesCount();
            int limit = f.getOp() == FieldFilter.Operator.NOT_IN ? MAX_NOT_IN_VALUES : MAX_DISJUNCTIONS;
            if (values > limit) {
              throw FirestoreErrors.invalidArgument("'" + f.getOp() + "' supports up to " + limit
                  + " comparison values; the filter on \"" + f.getField().getFieldPath() + "\" has " + values + ".");
            }
          }
          case OPERATOR_UNSPECIFIED, UNRECOGNIZED -> throw FirestoreErrors.invalidArgument(
              "A field filter on \"" + f.getField().getFieldPath() + "\" has no operator.");
          default -> {
            if (f.getValue().getValueTypeCase() == Value.ValueTypeCase.VALUETYPE_NOT_SET) {
              throw FirestoreErrors.invalidArgument(
                  "A field filter on \"" + f.getField().getFieldPath() + "\" has no value.");
            }
          }
        }
      } else {
        UnaryFilter u = leaf.getUnaryFilter();
        FieldPath.parse(u.getField().getFieldPath());
        if (u.getOp() == UnaryFilter.Operator.OPERATOR_UNSPECIFIED || u.getOp() == UnaryFilter.Operator.UNRECOGNIZED) {
          throw FirestoreErrors.invalidArgument(
              "A unary filter on \"" + u.getField().getFieldPath() + "\" has no operator.");
        }
      }
    });
  }

  /**
   * Refuses a filter whose disjunctive normal form has more than 30 terms, counting each value of an
   * {@code in} or {@code array-contains-any} as one disjunction, as production does.
   */
  static void checkDisjunctions(Filter filter) {
    long terms = disjunctions(filter);
    if (terms > MAX_DISJUNCTIONS) {
      throw FirestoreErrors.invalidArgument("The query contains " + (terms == Long.MAX_VALUE ? "too many" : terms)
          + " disjunctions in disjunctive normal form; Firestore allows at most " + MAX_DISJUNCTIONS + ".");
    }
  }

  private static long disjunctions(Filter filter) {
    return switch (filter.getFilterTypeCase()) {
      case COMPOSITE_FILTER -> {
        boolean or = filter.getCompositeFilter().getOp() == CompositeFilter.Operator.OR;
        long terms = or ? 0 : 1;
        for (Filter child : filter.getCompositeFilter().getFiltersList()) {
          long childTerms = disjunctions(child);
          terms = or ? Math.min(Long.MAX_VALUE, terms + childTerms) : multiplyCapped(terms, childTerms);
        }
        yield Math.max(terms, 1);
      }
      case FIELD_FILTER -> switch (filter.getFieldFilter().getOp()) {
        case IN, ARRAY_CONTAINS_ANY -> Math.max(1, filter.getFieldFilter().getValue().getArrayValue().getValuesCount());
        default -> 1;
      };
      default -> 1;
    };
  }

  private static long multiplyCapped(long a, long b) {
    return a > Long.MAX_VALUE / Math.max(b, 1) ? Long.MAX_VALUE : a * b;
  }

  /** Visits every field and unary filter, checking composite filters on the way. */
  static void walk(Filter filter, Consumer<Filter> leaves) {
    switch (filter.getFilterTypeCase()) {
      case COMPOSITE_FILTER -> {
        CompositeFilter composite = filter.getCompositeFilter();
        if (composite.getOp() != CompositeFilter.Operator.AND && composite.getOp() != CompositeFilter.Operator.OR) {
          throw FirestoreErrors.invalidArgument("A composite filter needs the operator AND or OR.");
        }
        composite.getFiltersList().forEach(child -> walk(child, leaves));
      }
      case FIELD_FILTER, UNARY_FILTER -> leaves.accept(filter);
      case FILTERTYPE_NOT_SET -> throw FirestoreErrors.invalidArgument("A filter must set a field, unary or composite filter.");
    }
  }

  static boolean matches(Filter filter, StoredDocument doc) {
    return switch (filter.getFilterTypeCase()) {
      case COMPOSITE_FILTER -> {
        CompositeFilter composite = filter.getCompositeFilter();
        yield composite.getOp() == CompositeFilter.Operator.OR
            ? composite.getFiltersList().stream().anyMatch(child -> matches(child, doc))
            : composite.getFiltersList().stream().allMatch(child -> matches(child, doc));
      }
      case FIELD_FILTER -> matchesField(filter.getFieldFilter(), doc);
      case UNARY_FILTER -> matchesUnary(filter.getUnaryFilter(), doc);
      case FILTERTYPE_NOT_SET -> true;
    };
  }

  /** The value a query sees for a field; {@code __name__} is the document's own reference. */
  static Optional<Value> fieldValue(StoredDocument doc, FieldPath path) {
    if (path.isDocumentName()) {
      return Optional.of(Value.newBuilder().setReferenceValue(doc.name()).build());
    }
    return path.get(doc.fields());
  }

  private static boolean matchesField(FieldFilter filter, StoredDocument doc) {
    Optional<Value> found = fieldValue(doc, FieldPath.parse(filter.getField().getFieldPath()));
    if (found.isEmpty()) {
      return false;
    }
    Value actual = found.get();
    Value expected = filter.getValue();
    return switch (filter.getOp()) {
      case EQUAL -> ValueOrdering.equal(actual, expected);
      case NOT_EQUAL -> !ValueOrdering.isNull(actual) && !ValueOrdering.equal(actual, expected);
      case LESS_THAN -> inRange(actual, expected) && ValueOrdering.compare(actual, expected) < 0;
      case LESS_THAN_OR_EQUAL -> inRange(actual, expected) && ValueOrdering.compare(actual, expected) <= 0;
      case GREATER_THAN -> inRange(actual, expected) && ValueOrdering.compare(actual, expected) > 0;
      case GREATER_THAN_OR_EQUAL -> inRange(actual, expected) && ValueOrdering.compare(actual, expected) >= 0;
      case ARRAY_CONTAINS -> actual.hasArrayValue() && ValueOrdering.arrayContains(actual.getArrayValue(), expected);
      case ARRAY_CONTAINS_ANY -> actual.hasArrayValue()
          && expected.getArrayValue().getValuesList().stream()
              .anyMatch(candidate -> ValueOrdering.arrayContains(actual.getArrayValue(), candidate));
      case IN -> ValueOrdering.arrayContains(expected.getArrayValue(), actual);
      case NOT_IN -> !ValueOrdering.isNull(actual)
          && expected.getArrayValue().getValuesList().stream().noneMatch(ValueOrdering::isNull)
          && !ValueOrdering.arrayContains(expected.getArrayValue(), actual);
      case OPERATOR_UNSPECIFIED, UNRECOGNIZED -> false;
    };
  }

  private static boolean matchesUnary(UnaryFilter filter, StoredDocument doc) {
    Optional<Value> found = fieldValue(doc, FieldPath.parse(filter.getField().getFieldPath()));
    if (found.isEmpty()) {
      return false;
    }
    Value actual = found.get();
    return switch (filter.getOp()) {
      case IS_NULL -> ValueOrdering.isNull(actual);
      case IS_NAN -> ValueOrdering.isNaN(actual);
      case IS_NOT_NULL -> !ValueOrdering.isNull(actual);
      case IS_NOT_NAN -> !ValueOrdering.isNull(actual) && !ValueOrdering.isNaN(actual);
      case OPERATOR_UNSPECIFIED, UNRECOGNIZED -> false;
    };
  }

  /**
   * A range filter compares values of one type only, and NaN is in no range: although NaN sorts first among
   * numbers, only ==, != and the is-NaN filters match it.
   */
  private static boolean inRange(Value actual, Value bound) {
    return ValueOrdering.typeOrder(actual) == ValueOrdering.typeOrder(bound)
        && !ValueOrdering.isNaN(actual) && !ValueOrdering.isNaN(bound);
  }
}
