package dev.veojobs.emulators.firestore;

import com.google.firestore.v1.ArrayValue;
import com.google.firestore.v1.MapValue;
import com.google.firestore.v1.Value;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Firestore's total order over values of every type: null &lt; booleans &lt; numbers (NaN first, integers
 * and doubles compared by value) &lt; timestamps &lt; strings (UTF-8 byte order) &lt; bytes &lt; references
 * &lt; geo points &lt; arrays &lt; vectors &lt; maps. Document names order numeric ids ({@code __id7__}) first.
 */
final class ValueOrdering {
  static final Comparator<Value> ORDER = ValueOrdering::compare;

  private ValueOrdering() {}

  /** The rank of a value's type in the cross-type order; values of equal rank compare by content. */
  static int typeOrder(Value value) {
    return switch (value.getValueTypeCase()) {
      case NULL_VALUE, VALUETYPE_NOT_SET -> 0;
      case BOOLEAN_VALUE -> 1;
      case INTEGER_VALUE, DOUBLE_VALUE -> 2;
      case TIMESTAMP_VALUE -> 3;
      case STRING_VALUE -> 4;
      case BYTES_VALUE -> 5;
      case REFERENCE_VALUE -> 6;
      case GEO_POINT_VALUE -> 7;
      case ARRAY_VALUE -> 8;
      case MAP_VALUE -> isVector(value) ? 9 : 10;
    };
  }

  static boolean isNaN(Value value) {
    return value.getValueTypeCase() == Value.ValueTypeCase.DOUBLE_VALUE && Double.isNaN(value.getDoubleValue());
  }

  static boolean isNull(Value value) {
    return typeOrder(value) == 0;
  }

  static boolean isNumber(Value value) {
    return typeOrder(value) == 2;
  }

  /** Equality as filters and array transforms use it: 1 equals 1.0, NaN equals NaN. */
  static boolean equal(Value a, Value b) {
    return compare(a, b) == 0;
  }

  static boolean arrayContains(ArrayValue array, Value value) {
    for (Value element : array.getValuesList()) {
      if (equal(element, value)) {
        return true;
      }
    }
    return false;
  }

  static int compare(Value a, Value b) {
    int ta = typeOrder(a);
    int tb = typeOrder(b);
    if (ta != tb) {
      return Integer.compare(ta, tb);
    }
    return switch (ta) {
      case 0 -> 0;
      case 1 -> Boolean.compare(a.getBooleanValue(), b.getBooleanValue());
      case 2 -> compareNumbers(a, b);
      case 3 -> compareTimestamps(a.getTimestampValue(), b.getTimestampValue());
      case 4 -> compareStrings(a.getStringValue(), b.getStringValue());
      case 5 -> compareBytes(a.getBytesValue(), b.getBytesValue());
      case 6 -> compareNames(a.getReferenceValue(), b.getReferenceValue());
      case 7 -> {
        int c = Double.compare(a.getGeoPointValue().getLatitude(), b.getGeoPointValue().getLatitude());
        yield c != 0 ? c : Double.compare(a.getGeoPointValue().getLongitude(), b.getGeoPointValue().getLongitude());
      }
      case 8 -> compareArrays(a.getArrayValue().getValuesList(), b.getArrayValue().getValuesList());
      case 9 -> compareVectors(a.getMapValue(), b.getMapValue());
      default -> compareMaps(a.getMapValue(), b.getMapValue());
    };
  }

  static int compareTimestamps(Timestamp a, Timestamp b) {
    int c = Long.compare(a.getSeconds(), b.getSeconds());
    return c != 0 ? c : Integer.compare(a.getNanos(), b.getNanos());
  }

  /** Code point order, which is the UTF-8 byte order Firestore sorts strings by. */
  static int compareStrings(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  static int compareBytes(ByteString a, ByteString b) {
    return ByteString.unsignedLexicographicalComparator().compare(a, b);
  }

  /**
   * Resource names compare segment by segment, so a parent sorts before its descendants. Numeric ids
   * ({@code __id7__}, the form Datastore-mode integer ids take) sort before every other id, by number.
   */
  static int compareNames(String a, String b) {
    String[] sa = a.split("/", -1);
    String[] sb = b.split("/", -1);
    int n = Math.min(sa.length, sb.length);
    for (int i = 0; i < n; i++) {
      int c = compareSegments(sa[i], sb[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(sa.length, sb.length);
  }

  private static int compareSegments(String a, String b) {
    Long na = DocumentName.numericId(a);
    Long nb = DocumentName.numericId(b);
    if (na != null || nb != null) {
      if (na == null) {
        return 1;
      }
      return nb == null ? -1 : Long.compare(na, nb);
    }
    return compareStrings(a, b);
  }

  private static int compareNumbers(Value a, Value b) {
    boolean ai = a.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE;
    boolean bi = b.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE;
    if (ai && bi) {
      return Long.compare(a.getIntegerValue(), b.getIntegerValue());
    }
    if (!ai && !bi) {
      return compareDoubles(a.getDoubleValue(), b.getDoubleValue());
    }
    if (ai) {
      return -compareDoubleWithLong(b.getDoubleValue(), a.getIntegerValue());
    }
    return compareDoubleWithLong(a.getDoubleValue(), b.getIntegerValue());
  }

  private static int compareDoubles(double a, double b) {
    if (Double.isNaN(a)) {
      return Double.isNaN(b) ? 0 : -1;
    }
    if (Double.isNaN(b)) {
      return 1;
    }
    return a < b ? -1 : a > b ? 1 : 0; // treats -0.0 and 0.0 as equal
  }

  /** Exact comparison, without rounding the long to a double. */
  private static int compareDoubleWithLong(double d, long l) {
    if (Double.isNaN(d) || d < -0x1p63) {
      return -1;
    }
    if (d >= 0x1p63) {
      return 1;
    }
    long truncated = (long) d;
    int c = Long.compare(truncated, l);
    if (c != 0) {
      return c;
    }
    double fraction = d - truncated;
    return fraction > 0 ? 1 : fraction < 0 ? -1 : 0;
  }

  private static int compareArrays(List<Value> a, List<Value> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareMaps(MapValue a, MapValue b) {
    List<Map.Entry<String, Value>> ea = sortedEntries(a);
    List<Map.Entry<String, Value>> eb = sortedEntries(b);
    int n = Math.min(ea.size(), eb.size());
    for (int i = 0; i < n; i++) {
      int c = compareStrings(ea.get(i).getKey(), eb.get(i).getKey());
      if (c != 0) {
        return c;
      }
      c = compare(ea.get(i).getValue(), eb.get(i).getValue());
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(ea.size(), eb.size());
  }

  /** Vectors sort by dimension first, then element by element. */
  private static int compareVectors(MapValue a, MapValue b) {
    List<Value> va = vectorValues(a);
    List<Value> vb = vectorValues(b);
    int c = Integer.compare(va.size(), vb.size());
    return c != 0 ? c : compareArrays(va, vb);
  }

  private static List<Value> vectorValues(MapValue map) {
    Value value = map.getFieldsMap().get("value");
    return value == null ? List.of() : value.getArrayValue().getValuesList();
  }

  private static boolean isVector(Value value) {
    Value type = value.getMapValue().getFieldsMap().get("__type__");
    return type != null && "__vector__".equals(type.getStringValue());
  }

  private static List<Map.Entry<String, Value>> sortedEntries(MapValue map) {
    List<Map.Entry<String, Value>> entries = new ArrayList<>(map.getFieldsMap().entrySet());
    entries.sort((x, y) -> compareStrings(x.getKey(), y.getKey()));
    return entries;
  }
}
