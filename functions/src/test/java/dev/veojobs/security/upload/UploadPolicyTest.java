package dev.veojobs.security.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veojobs.job.FieldViolation;
import dev.veojobs.job.InvalidRequestException;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UploadPolicyTest {
  private static final long MAX = 10L * 1024 * 1024;
  private final UploadPolicy policy = new UploadPolicy("veo-jobs-videos", MAX, new SecureRandom());

  @Test
  void plansAFreshObjectUnderTheCallersPrefixWithTheRightExtension() {
    UploadSlot png = policy.plan("alice", "image/png", 12_345L);
    assertThat(png.objectName()).matches("uploads/alice/[0-9a-f]{32}\\.png");
    assertThat(png.gcsUri()).isEqualTo("gs://veo-jobs-videos/" + png.objectName());
    assertThat(png.contentType()).isEqualTo("image/png");
    assertThat(png.signedHeaders()).containsEntry("Content-Type", "image/png")
        .containsEntry("x-goog-content-length-range", "1," + MAX);

    UploadSlot jpeg = policy.plan("alice", "Image/JPEG; charset=binary", null);
    assertThat(jpeg.objectName()).endsWith(".jpg");
    assertThat(jpeg.contentType()).isEqualTo("image/jpeg");
  }

  @Test
  void everyUploadGetsItsOwnObject() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      names.add(policy.plan("alice", "image/png", null).objectName());
    }
    assertThat(names).hasSize(50);
  }

  @Test
  void refusesOtherTypesAndSizesNamingEveryField() {
    assertThatThrownBy(() -> policy.plan("alice", "image/gif", MAX + 1))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
            .extracting(FieldViolation::field).containsExactly("content_type", "size_bytes"));
    assertThatThrownBy(() -> policy.plan("alice", "image/svg+xml", null)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> policy.plan("alice", null, null)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> policy.plan("alice", "image/png", 0L)).isInstanceOf(InvalidRequestException.class);
    assertThat(policy.plan("alice", "image/png", MAX).maxBytes()).isEqualTo(MAX);
  }

  @Test
  void aUidThatCouldEscapeItsPrefixIsHashed() {
    assertThat(UploadPaths.userPrefix("alice")).isEqualTo("uploads/alice/");
    assertThat(UploadPaths.userPrefix("alice/bob")).matches("uploads/~[0-9a-f]{64}/");
    assertThat(UploadPaths.userPrefix("..")).matches("uploads/~[0-9a-f]{64}/");
    assertThat(UploadPaths.userPrefix("alice/bob")).doesNotStartWith(UploadPaths.userPrefix("alice"));
    assertThat(policy.plan("../bob", "image/png", null).objectName()).doesNotContain("..").doesNotContain("bob");
  }
}
