package dev.veojobs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiJsonTest {
  static Map<String, Object> parse(String json) {
    return ApiJson.parseObject(json.getBytes(StandardCharsets.UTF_8));
  }

  static ApiException failure(String json) {
    return catchThrowableOfType(ApiException.class, () -> parse(json));
  }

  @Test
  void numbersKeepTheirNaturalJavaTypes() {
    Map<String, Object> body = parse("{\"a\":8,\"b\":8000000000,\"c\":8.5,\"d\":123456789012345678901234567890,"
        + "\"e\":8.0,\"f\":true,\"g\":null,\"h\":[1,\"x\"]}");

    assertThat(body.get("a")).isEqualTo(8);
    assertThat(body.get("b")).isEqualTo(8_000_000_000L);
    assertThat(body.get("c")).isEqualTo(8.5d);
    assertThat(body.get("d")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(body.get("e")).isEqualTo(8.0d);
    assertThat(body.get("f")).isEqualTo(true);
    assertThat(body).containsEntry("g", null);
    assertThat(body.get("h")).isEqualTo(List.of(1, "x"));
  }

  @Test
  void duplicateKeysInsideArraysAreNamedWithTheirIndex() {
    ApiException e = failure("{\"items\":[{\"k\":1},{\"k\":1,\"k\":2}]}");

    assertThat(e.details().get(0).field()).isEqualTo("items[1].k");
  }

  @Test
  void syntaxErrorsSayWhereWithoutQuotingTheParser() {
    ApiException e = failure("{\n\"prompt\": tru}");

    assertThat(e.status()).isEqualTo(ApiStatus.INVALID_ARGUMENT);
    assertThat(e.details().get(0).reason()).startsWith("is not valid JSON (line 2");
    assertThat(e.getMessage()).doesNotContain("jackson", "Unrecognized token", "Source");
  }

  @Test
  void absurdNestingIsABadRequestNotACrash() {
    ApiException e = failure("{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}");

    assertThat(e.status()).isEqualTo(ApiStatus.INVALID_ARGUMENT);
  }

  @Test
  void nonObjectBodiesAreNamed() {
    assertThat(failure("[1]").details().get(0).reason()).isEqualTo("must be a JSON object, not an array");
    assertThat(failure("42").details().get(0).reason()).isEqualTo("must be a JSON object, not a number");
  }

  @Test
  void loneSurrogatesAreRefusedNamingTheField() {
    ApiException prompt = failure("{\"prompt\":\"a boat \\ud83d\"}");
    ApiException nested = failure("{\"prompt\":\"a\",\"parameters\":{\"aspect_ratio\":\"\\udfff\"}}");
    ApiException inArray = failure("{\"items\":[\"ok\",\"\\udc00\\ud800\"]}");

    assertThat(prompt.status()).isEqualTo(ApiStatus.INVALID_ARGUMENT);
    assertThat(prompt.details().get(0).field()).isEqualTo("prompt");
    assertThat(prompt.details().get(0).reason()).isEqualTo("must be valid Unicode text; it contains an unpaired "
        + "surrogate (U+D83D)");
    assertThat(nested.details().get(0).field()).isEqualTo("parameters.aspect_ratio");
    assertThat(inArray.details().get(0).field()).isEqualTo("items[1]");
  }

  @Test
  void aSurrogateEncodedAsUtf8BytesIsRefusedToo() {
    byte[] cesu = {'{', '"', 'p', 'r', 'o', 'm', 'p', 't', '"', ':', '"', 'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80,
        '"', '}'};

    ApiException e = catchThrowableOfType(ApiException.class, () -> ApiJson.parseObject(cesu));

    assertThat(e.status()).isEqualTo(ApiStatus.INVALID_ARGUMENT);
    assertThat(e.details().get(0).field()).isEqualTo("prompt");
  }

  @Test
  void nulIsRefusedInValuesAndKeys() {
    assertThat(failure("{\"prompt\":\"a\\u0000b\"}").details().get(0))
        .extracting(d -> d.field(), d -> d.reason())
        .containsExactly("prompt", "must be valid Unicode text; it contains a NUL character");
    assertThat(failure("{\"prompt\":\"a\",\"parameters\":{\"se\\u0000ed\":1}}").details().get(0).field())
        .isEqualTo("parameters");
    assertThat(failure("{\"\\ud800\":1}").details().get(0).field()).isEqualTo("body");
  }

  @Test
  void pairedSurrogatesAndOddButValidTextPass() {
    Map<String, Object> body = parse("{\"prompt\":\"\\ud83d\\ude00 \u202e\u200d\u00e9\ufeff\"}");

    assertThat(body.get("prompt")).isEqualTo("\ud83d\ude00 \u202e\u200d\u00e9\ufeff");
  }
}
