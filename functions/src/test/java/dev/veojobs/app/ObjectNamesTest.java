package dev.veojobs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ObjectNamesTest {

  @Test
  void aGcsUriIsTakenApartIntoBucketAndObject() {
    assertThat(ObjectNames.Location.parse("gs://b/veo-output/job1/1/"))
        .isEqualTo(new ObjectNames.Location("b", "veo-output/job1/1/"));
    assertThat(ObjectNames.Location.parse("gs://b/x")).isEqualTo(new ObjectNames.Location("b", "x"));
  }

  @Test
  void aUriWithoutABucketOrAnObjectIsRefused() {
    for (String bad : new String[] {null, "https://b/x", "gs://b", "gs:///x", "gs://b/"}) {
      assertThatThrownBy(() -> ObjectNames.Location.parse(bad)).as("%s", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
