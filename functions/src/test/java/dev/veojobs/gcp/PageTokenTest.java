package dev.veojobs.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veojobs.job.InvalidRequestException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageTokenTest {

  @Test
  void roundTripsTheCursorToTheMicrosecond() {
    PageToken token = new PageToken(Instant.parse("2026-03-01T10:15:30.123456Z"), "job:with:colons");
    String encoded = token.encode();
    assertThat(encoded).matches("[A-Za-z0-9_-]+");
    assertThat(PageToken.decode(encoded)).isEqualTo(token);
  }

  @ParameterizedTest
  @ValueSource(strings = {"!!!", "dGVzdA", "djE6eDoxOmlk", "djI6MTowOmlk", "djE6MTowOg"})
  void aTokenTheApiDidNotIssueIsABadRequestOnPageToken(String token) {
    assertThatThrownBy(() -> PageToken.decode(token))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).violations().get(0).field()).isEqualTo("page_token"));
  }
}
