package dev.veojobs.security.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veojobs.job.FieldViolation;
import dev.veojobs.job.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageUriPolicyTest {
  private static final long MAX = 10L * 1024 * 1024;
  private static final String OWN = "gs://veo-jobs-videos/uploads/alice/0123456789abcdef0123456789abcdef.png";
  private final ImageUriPolicy policy = new ImageUriPolicy("veo-jobs-videos", MAX);

  @Test
  void acceptsAnObjectFromTheCallersOwnUploads() {
    assertThat(policy.violations("alice", OWN, "image/png")).isEmpty();
    assertThat(policy.violations("alice", OWN, null)).isEmpty();
    assertThat(policy.objectName("alice", OWN)).isEqualTo("uploads/alice/0123456789abcdef0123456789abcdef.png");
  }

  @Test
  void anUploadPlannedByUploadPolicyIsAccepted() {
    UploadSlot slot = new UploadPolicy("veo-jobs-videos", MAX).plan("alice/x", "image/jpeg", null);
    assertThat(policy.violations("alice/x", slot.gcsUri(), "image/jpeg")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "gs://veo-jobs-videos/uploads/bob/0123456789abcdef0123456789abcdef.png",
      "gs://other-bucket/uploads/alice/0123456789abcdef0123456789abcdef.png",
      "gs://veo-jobs-videos/uploads/alice/../bob/0123456789abcdef0123456789abcdef.png",
      "gs://veo-jobs-videos/uploads/alice/sub/0123456789abcdef0123456789abcdef.png",
      "gs://veo-jobs-videos/uploads/alice/0123456789abcdef0123456789abcdef.gif",
      "gs://veo-jobs-videos/uploads/alice/0123456789abcdef0123456789abcdef.png/..",
      "gs://veo-jobs-videos/uploads/alicebob/0123456789abcdef0123456789abcdef.png",
      "gs://veo-jobs-videos/videos/alice/job.mp4",
      "gs://veo-jobs-videos-evil/uploads/alice/0123456789abcdef0123456789abcdef.png",
      "https://storage.googleapis.com/veo-jobs-videos/uploads/alice/0123456789abcdef0123456789abcdef.png",
      "http://169.254.169.254/computeMetadata/v1/",
      ""})
  void refusesAnythingElseNamingImageGcsUri(String uri) {
    assertThat(policy.violations("alice", uri, null))
        .extracting(FieldViolation::field).containsExactly("image.gcs_uri");
  }

  @Test
  void theDeclaredMimeTypeMustBeAnImageTypeMatchingTheFile() {
    assertThat(policy.violations("alice", OWN, "image/jpeg")).extracting(FieldViolation::field).containsExactly("image.mime_type");
    assertThat(policy.violations("alice", OWN, "text/html")).extracting(FieldViolation::field).containsExactly("image.mime_type");
    assertThat(policy.violations("alice", null, "text/html")).extracting(FieldViolation::field)
        .containsExactly("image.gcs_uri", "image.mime_type");
  }

  @Test
  void theStoredObjectIsRecheckedBeforeVeoSeesIt() {
    policy.checkUploadedImage(2_000_000L, "image/png");
    assertThatThrownBy(() -> policy.checkUploadedImage(null, null))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.violations().get(0).field()).isEqualTo("image.gcs_uri"));
    assertThatThrownBy(() -> policy.checkUploadedImage(MAX + 1, "image/png"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("bytes");
    assertThatThrownBy(() -> policy.checkUploadedImage(0L, "image/png"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> policy.checkUploadedImage(100L, "text/html"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("image/png");
  }

  @Test
  void magicBytesMustMatchTheType() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
    byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0};
    byte[] html = "<html><script>".getBytes();
    assertThat(ImageTypes.hasSignature(png, "image/png")).isTrue();
    assertThat(ImageTypes.hasSignature(jpeg, "image/jpeg")).isTrue();
    assertThat(ImageTypes.hasSignature(jpeg, "image/png")).isFalse();
    assertThat(ImageTypes.hasSignature(html, "image/png")).isFalse();
    assertThat(ImageTypes.hasSignature(new byte[] {(byte) 0x89}, "image/png")).isFalse();
  }
}
