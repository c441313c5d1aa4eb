package dev.veojobs.emulators.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode job(String status, String stage, int progress) throws Exception {
    return JSON.readTree("{\"status\":\"" + status + "\",\"stage\":\"" + stage + "\",\"progress\":" + progress + "}");
  }

  @Test
  void rendersABarWithStatusStageAndPercent() throws Exception {
    assertThat(ProgressLine.render(job("PROCESSING", "GENERATING", 50), Duration.ofMillis(12_340)))
        .isEqualTo("[############............]  50%  PROCESSING · generating   12.3 s");
  }

  @Test
  void anEndedJobWithoutAVideoShowsNoBar() throws Exception {
    JsonNode failed = JSON.readTree(
        "{\"status\":\"FAILED\",\"stage\":\"DONE\",\"progress\":100,\"error\":{\"code\":\"SAFETY_FILTERED\"}}");
    assertThat(ProgressLine.render(failed, Duration.ofMillis(4_200)))
        .isEqualTo("✗ FAILED · SAFETY_FILTERED    4.2 s")
        .doesNotContain("#").doesNotContain("100%");
    assertThat(ProgressLine.render(job("CANCELED", "DONE", 100), Duration.ofSeconds(1)))
        .isEqualTo("✗ CANCELED    1.0 s");
  }

  @Test
  void aPipeGetsOneLinePerChangeAndNoCarriageReturns() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);

    line.show(job("PENDING", "QUEUED", 0), Duration.ZERO);
    line.show(job("PENDING", "QUEUED", 0), Duration.ofSeconds(1));
    line.show(job("PROCESSING", "GENERATING", 30), Duration.ofSeconds(2));
    line.show(job("PROCESSING", "GENERATING", 34), Duration.ofSeconds(3));
    line.show(job("PROCESSING", "GENERATING", 41), Duration.ofSeconds(4));
    line.finish();

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\r");
    assertThat(text.lines()).hasSize(3);
    assertThat(text.lines().toList().get(1)).contains(" 30%  PROCESSING · generating");
    assertThat(text.lines().toList().get(2)).contains(" 41%  PROCESSING · generating");
  }

  @Test
  void aTerminalRedrawsOneLineInPlace() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);

    line.show(job("PROCESSING", "GENERATING", 10), Duration.ZERO);
    line.show(job("PROCESSING", "FINALIZING", 90), Duration.ofSeconds(3));
    line.finish();

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).startsWith("\r[").contains("\r[#####################...]  90%");
    assertThat(text.chars().filter(c -> c == '\n').count()).isEqualTo(1);
  }
}
