package dev.veojobs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class RequestBodiesTest {
  static final String BODY = "{\"prompt\":\"a paper boat\"}";

  @Test
  void twoContentTypesAreRefusedWhicheverComesFirst() {
    FakeHttpRequest jsonFirst = FakeHttpRequest.post("/v1/jobs").json(BODY).header("Content-Type", "text/plain");
    FakeHttpRequest jsonSecond = FakeHttpRequest.post("/v1/jobs").body(BODY.getBytes(), "text/plain")
        .header("Content-Type", "application/json");

    for (FakeHttpRequest request : new FakeHttpRequest[] {jsonFirst, jsonSecond}) {
      ApiException e = catchThrowableOfType(ApiException.class, () -> RequestBodies.jsonObject(request));

      assertThat(e).isNotNull();
      assertThat(e.status()).isEqualTo(ApiStatus.UNSUPPORTED_MEDIA_TYPE);
      assertThat(e.getMessage()).isEqualTo("Content-Type must be sent once, as application/json (UTF-8)");
    }
  }

  @Test
  void oneJsonContentTypeIsRead() {
    FakeHttpRequest request = FakeHttpRequest.post("/v1/jobs").body(BODY.getBytes(), "Application/JSON; charset=\"UTF-8\"");

    assertThat(RequestBodies.jsonObject(request)).containsEntry("prompt", "a paper boat");
  }

  @Test
  void aLoneSurrogateInTheBodyIsRefusedNamingTheField() {
    FakeHttpRequest request = FakeHttpRequest.post("/v1/jobs").json("{\"prompt\":\"a boat \\udfff\"}");

    ApiException e = catchThrowableOfType(ApiException.class, () -> RequestBodies.jsonObject(request));

    assertThat(e.status()).isEqualTo(ApiStatus.INVALID_ARGUMENT);
    assertThat(e.details().get(0).field()).isEqualTo("prompt");
  }
}
