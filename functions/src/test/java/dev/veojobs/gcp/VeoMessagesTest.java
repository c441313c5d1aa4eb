package dev.veojobs.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VeoMessagesTest {

  @Test
  void removesPathsAddressesAndIds() {
    String s = VeoMessages.sanitize("Permission denied on projects/p-123/locations/us-central1 for gs://bucket/x.mp4 "
        + "by sa@p.iam.gserviceaccount.com, see https://cloud.google.com/x request 0123456789abcdef0123", "fallback");
    assertThat(s).doesNotContain("projects/", "gs://", "https://", "@", "0123456789abcdef")
        .startsWith("Permission denied on");
  }

  @Test
  void boundsTheLengthAndCollapsesWhitespace() {
    String s = VeoMessages.sanitize("a\n\n  b " + "x ".repeat(300), "fallback");
    assertThat(s).startsWith("a b x").hasSize(VeoMessages.MAX_LENGTH).endsWith("…");
  }

  @Test
  void nothingLeftMeansTheFallback() {
    assertThat(VeoMessages.sanitize(null, "fb")).isEqualTo("fb");
    assertThat(VeoMessages.sanitize("  gs://b/o ", "fb")).isEqualTo("fb");
  }
}
