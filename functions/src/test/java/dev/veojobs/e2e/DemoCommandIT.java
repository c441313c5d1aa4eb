package dev.veojobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veojobs.emulators.stack.DemoCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dev demo} as a user runs it, minus the JVM exit: a whole stack per run, a real-time job
 * (one second of fake Veo, one-second polls), the exit code and what the screen shows.
 */
class DemoCommandIT {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private DemoCommand demo(Path outputDirectory) {
    return new DemoCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), outputDirectory, RealTimeStack.options());
  }

  @Test
  void aCompletedJobPrintsItsSignedUrlAndSavesTheVideo(@TempDir Path dir) throws Exception {
    int code = demo(dir).run("a paper boat on a rainy street", "--duration", "6", "--aspect", "9:16");

    String screen = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(screen + err).isEqualTo(DemoCommand.EXIT_COMPLETED);
    assertThat(screen).contains("COMPLETED in ").contains("PROCESSING · generating").doesNotContain("\r");
    Matcher saved = Pattern.compile("Saved (\\S+\\.mp4) \\((\\d+) bytes\\)").matcher(screen);
    assertThat(saved.find()).isTrue();
    Path video = Path.of(saved.group(1));
    assertThat(video.getParent()).isEqualTo(dir);
    assertThat(Files.size(video)).isEqualTo(Long.parseLong(saved.group(2)));
    Mp4Facts facts = Mp4Facts.of(Files.readAllBytes(video));
    assertThat(facts.firstBox()).isEqualTo("ftyp");
    assertThat(facts.durationSeconds()).isEqualTo(6.0);
    assertThat(facts.width()).isLessThan(facts.height());
    List<String> urls = screen.lines().map(String::strip).filter(l -> l.startsWith("http://")).toList();
    assertThat(urls).singleElement().asString().contains("X-Goog-Signature=");
  }

  @Test
  void aFailedJobExitsNonZeroWithItsCodeAndMessage(@TempDir Path dir) throws Exception {
    int code = demo(dir).run("a city at night [safety]");

    assertThat(code).isEqualTo(DemoCommand.EXIT_NOT_COMPLETED);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .containsPattern("FAILED SAFETY_FILTERED: The video was blocked by Veo's safety filters");
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void framesAreUploadedAndExtendSavesASecondVideoThatIsSevenSecondsLonger(@TempDir Path dir) throws Exception {
    Path first = dir.resolve("first.png");
    Path last = dir.resolve("last.png");
    for (Path image : List.of(first, last)) {
      javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB),
          "png", image.toFile());
    }

    int code = demo(dir).run("a kite rises", "--duration", "4", "--first-frame", first.toString(),
        "--last-frame", last.toString(), "--extend", "the kite flies away");

    String screen = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(screen + err).isEqualTo(DemoCommand.EXIT_COMPLETED);
    assertThat(screen).containsPattern("Uploaded \\S+first.png as gs://\\S+/uploads/")
        .containsPattern("Uploaded \\S+last.png as gs://").contains("Extending ");
    Matcher saved = Pattern.compile("Saved (\\S+\\.mp4)").matcher(screen);
    assertThat(saved.find()).isTrue();
    Path original = Path.of(saved.group(1));
    assertThat(saved.find()).as("the extension's video is saved too").isTrue();
    Path extended = Path.of(saved.group(1));
    assertThat(Mp4Facts.of(Files.readAllBytes(original)).durationSeconds()).isEqualTo(4.0);
    assertThat(Mp4Facts.of(Files.readAllBytes(extended)).durationSeconds()).as("the source, then 7 s").isEqualTo(11.0);
  }

  @Test
  void aBadFlagPrintsTheUsageAndExitsTwoWithoutStartingAnything(@TempDir Path dir) {
    int code = demo(dir).run("a boat", "--duration", "5");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("dev demo: --duration must be one of 4, 6, 8, got '5'")
        .contains("usage: ./dev demo");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
