package dev.veojobs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.veojobs.job.FieldViolation;
import dev.veojobs.job.InvalidRequestException;
import dev.veojobs.security.upload.UploadPolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadsTest {
  private final UrlSigner signer = mock(UrlSigner.class);
  private final Uploads uploads = new Uploads(new UploadPolicy(Fixtures.BUCKET, 1024), signer, Duration.ofMinutes(15));

  UploadsTest() {
    when(signer.signPut(anyString(), anyString(), anyString(), any()))
        .thenReturn(new SignedUrl("https://storage.example/put?sig", Fixtures.T0.plus(Duration.ofMinutes(15))));
  }

  /** A JSON parser hands a size over as Integer or Long depending on its magnitude; both are whole bytes. */
  @Test
  void aSizeIsAnyWholeNumberOfBytes() {
    assertThat(uploads.create(Fixtures.OWNER, Map.of("content_type", "image/png", "size_bytes", 100)).maxBytes())
        .isEqualTo(1024);
    assertThat(uploads.create(Fixtures.OWNER, Map.of("content_type", "image/png", "size_bytes", 100L)).uploadUrl())
        .isEqualTo("https://storage.example/put?sig");
  }

  @Test
  void aSizeThatIsNotAWholeNumberIsNamed() {
    for (Object size : new Object[] {"100", 100.5}) {
      InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
          () -> uploads.create(Fixtures.OWNER, Map.of("content_type", "image/png", "size_bytes", size)));
      assertThat(e.violations()).as("%s", size)
          .containsExactly(new FieldViolation("size_bytes", "must be a whole number of bytes"));
    }
  }
}
