package dev.veojobs.emulators.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
  @Test
  void noHeaderServesTheWholeObject() {
    ByteRange range = ByteRange.resolve(null, 100);
    assertThat(range.partial()).isFalse();
    assertThat(range.length()).isEqualTo(100);
  }

  @Test
  void closedOpenAndSuffixRanges() {
    assertThat(ByteRange.resolve("bytes=10-19", 100).contentRange()).isEqualTo("bytes 10-19/100");
    assertThat(ByteRange.resolve("bytes=90-", 100).contentRange()).isEqualTo("bytes 90-99/100");
    assertThat(ByteRange.resolve("bytes=-5", 100).contentRange()).isEqualTo("bytes 95-99/100");
    assertThat(ByteRange.resolve("bytes=-500", 100).contentRange()).isEqualTo("bytes 0-99/100");
    assertThat(ByteRange.resolve("bytes=50-5000", 100).length()).isEqualTo(50);
  }

  @Test
  void rangesStartingAtOrPastTheEndAreUnsatisfiable() {
    assertThat(ByteRange.resolve("bytes=100-", 100).satisfiable()).isFalse();
    assertThat(ByteRange.resolve("bytes=100-", 100).contentRange()).isEqualTo("bytes */100");
    assertThat(ByteRange.resolve("bytes=0-", 0).satisfiable()).isFalse();
    assertThat(ByteRange.resolve("bytes=-0", 100).satisfiable()).isFalse();
  }

  @Test
  void headersThatCannotBeHonouredAreIgnored() {
    assertThat(ByteRange.resolve("bytes=0-1,5-6", 100).partial()).isFalse();
    assertThat(ByteRange.resolve("items=0-1", 100).partial()).isFalse();
    assertThat(ByteRange.resolve("bytes=9-2", 100).partial()).isFalse();
    assertThat(ByteRange.resolve("bytes=x-", 100).partial()).isFalse();
  }
}
