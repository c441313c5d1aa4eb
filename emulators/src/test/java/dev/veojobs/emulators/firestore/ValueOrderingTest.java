package dev.veojobs.emulators.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.firestore.v1.Value;
import org.junit.jupiter.api.Test;

class ValueOrderingTest {
  private static Value integer(long v) {
    return Value.newBuilder().setIntegerValue(v).build();
  }

  private static Value dbl(double v) {
    return Value.newBuilder().setDoubleValue(v).build();
  }

  private static Value string(String v) {
    return Value.newBuilder().setStringValue(v).build();
  }

  @Test
  void integersAndDoublesCompareExactlyByValue() {
    assertThat(ValueOrdering.compare(integer(1), dbl(1.0))).isZero();
    assertThat(ValueOrdering.compare(dbl(-0.0), dbl(0.0))).isZero();
    assertThat(ValueOrdering.compare(integer(Long.MAX_VALUE), dbl(0x1p63))).isNegative();
    assertThat(ValueOrdering.compare(integer(Long.MAX_VALUE - 1), integer(Long.MAX_VALUE))).isNegative();
    assertThat(ValueOrdering.compare(integer(9_007_199_254_740_993L), dbl(9_007_199_254_740_992.0))).isPositive();
    assertThat(ValueOrdering.compare(dbl(-2.5), integer(-2))).isNegative();
    assertThat(ValueOrdering.compare(dbl(Double.NaN), dbl(Double.NEGATIVE_INFINITY))).isNegative();
    assertThat(ValueOrdering.compare(dbl(Double.NaN), dbl(Double.NaN))).isZero();
  }

  @Test
  void stringsSortByUtf8BytesNotUtf16Units() {
    // U+FF5E (fullwidth tilde) is one UTF-16 unit above the surrogate of U+1F600, but below it in UTF-8.
    assertThat(ValueOrdering.compare(string("\uFF5E"), string("\uD83D\uDE00"))).isNegative();
    assertThat(ValueOrdering.compare(string("a"), string("ab"))).isNegative();
  }

  @Test
  void documentNamesCompareSegmentBySegment() {
    assertThat(ValueOrdering.compareNames("p/documents/a/b", "p/documents/a-/b")).isNegative();
    assertThat(ValueOrdering.compareNames("p/documents/a/b", "p/documents/a/b/c/d")).isNegative();
  }
}
