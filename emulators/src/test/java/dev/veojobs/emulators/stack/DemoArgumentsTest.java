package dev.veojobs.emulators.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoArgumentsTest {
  @Test
  void aPromptAloneLeavesEveryParameterToTheApiDefaults() {
    DemoArguments args = DemoArguments.parse("a paper boat on a rainy street");

    assertThat(args.prompt()).isEqualTo("a paper boat on a rainy street");
    assertThat(args.requestJson()).isEqualTo("{\"prompt\":\"a paper boat on a rainy street\"}");
    assertThat(args.timeout()).isEqualTo(DemoArguments.DEFAULT_TIMEOUT);
  }

  @Test
  void flagsBecomeTheRequestFieldsInEitherSpelling() {
    DemoArguments args = DemoArguments.parse("--duration", "4", "a boat", "--aspect=9:16", "--resolution", "1080p",
        "--negative", "blurry", "--model", "veo-3.1-generate-001", "--timeout", "30");

    assertThat(args.requestJson()).isEqualTo("{\"prompt\":\"a boat\",\"negative_prompt\":\"blurry\","
        + "\"model\":\"veo-3.1-generate-001\",\"parameters\":{\"duration_seconds\":4,\"aspect_ratio\":\"9:16\","
        + "\"resolution\":\"1080p\"}}");
    assertThat(args.timeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void imagesAndAnExtensionAreReadFromTheirFlags(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path png = java.nio.file.Files.write(dir.resolve("a.PNG"), new byte[] {1});
    java.nio.file.Path jpg = java.nio.file.Files.write(dir.resolve("b.jpeg"), new byte[] {1});
    DemoArguments frames = DemoArguments.parse("a kite", "--first-frame", png.toString(), "--last-frame", jpg.toString(),
        "--extend", "on it goes");
    DemoArguments references = DemoArguments.parse("a kite", "--reference", png.toString(), "--reference", jpg.toString());

    assertThat(frames.firstFrame()).isEqualTo(png);
    assertThat(frames.lastFrame()).isEqualTo(jpg);
    assertThat(frames.extendPrompt()).isEqualTo("on it goes");
    assertThat(DemoArguments.contentType(png)).isEqualTo("image/png");
    assertThat(DemoArguments.contentType(jpg)).isEqualTo("image/jpeg");
    assertThat(references.references()).containsExactly(png, jpg);
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertThat(references.requestJson(null, null, java.util.List.of(json.createObjectNode().put("gcs_uri", "gs://b/u/1.png"))))
        .isEqualTo("{\"prompt\":\"a kite\",\"reference_images\":[{\"gcs_uri\":\"gs://b/u/1.png\",\"reference_type\":\"asset\"}]}");
    assertThatThrownBy(() -> DemoArguments.parse("a kite", "--last-frame", png.toString()))
        .hasMessage("--last-frame needs --first-frame (Veo interpolates from the first to the last)");
    assertThatThrownBy(() -> DemoArguments.parse("a kite", "--first-frame", dir.resolve("c.gif").toString()))
        .hasMessageContaining("must be a .png, .jpg or .jpeg file");
    assertThatThrownBy(() -> DemoArguments.parse("a kite", "--reference", png.toString(), "--reference", png.toString(),
        "--reference", png.toString(), "--reference", png.toString())).hasMessage("at most 3 --reference images");
  }

  @Test
  void badFlagsAreRejectedWithWhatIsWrong() {
    assertThatThrownBy(() -> DemoArguments.parse("a boat", "--duration", "5"))
        .isInstanceOf(DemoArguments.UsageException.class)
        .hasMessage("--duration must be one of 4, 6, 8, got '5'");
    assertThatThrownBy(() -> DemoArguments.parse("a boat", "--aspect", "4:3"))
        .hasMessage("--aspect must be one of 16:9, 9:16, got '4:3'");
    assertThatThrownBy(() -> DemoArguments.parse("a boat", "--resolution", "4k"))
        .hasMessage("--resolution must be one of 720p, 1080p, got '4k'");
    assertThatThrownBy(() -> DemoArguments.parse("a boat", "--colour", "red"))
        .hasMessage("unknown option --colour");
    assertThatThrownBy(() -> DemoArguments.parse("a boat", "--colour"))
        .hasMessage("unknown option --colour");
    assertThatThrownBy(() -> DemoArguments.parse("a boat", "--model", "veo-2.0-generate-001"))
        .hasMessage("--model must be one of veo-3.1-generate-001, veo-3.1-fast-generate-001, got 'veo-2.0-generate-001'");
    assertThatThrownBy(() -> DemoArguments.parse("a boat", "--timeout", "soon"))
        .hasMessage("--timeout must be a whole number of seconds above 0, got 'soon'");
    assertThatThrownBy(() -> DemoArguments.parse("a boat", "--duration"))
        .hasMessage("--duration needs a value");
    assertThatThrownBy(() -> DemoArguments.parse("a", "boat"))
        .hasMessage("only one prompt, in quotes: got 'a' and 'boat'");
    assertThatThrownBy(DemoArguments::parse).hasMessageStartingWith("a prompt is required");
  }

  @Test
  void helpWinsOverEverythingElse() {
    assertThat(DemoArguments.parse("--help").help()).isTrue();
    assertThat(DemoArguments.parse("a boat", "-h").help()).isTrue();
  }
}
