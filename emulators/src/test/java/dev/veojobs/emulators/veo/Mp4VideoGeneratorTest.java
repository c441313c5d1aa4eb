package dev.veojobs.emulators.veo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Mp4VideoGeneratorTest {
  private static final Mp4VideoGenerator GENERATOR = new Mp4VideoGenerator();
  private static byte[] landscape;

  @TempDir Path temp;

  @BeforeAll
  static void generateOnce() {
    landscape = GENERATOR.generate("A cat surfing a wave at sunset", 320, 180, 8, 8);
  }

  @Test
  void isAnMp4WithTheMovieHeaderBeforeTheMediaData() {
    Mp4Inspector mp4 = new Mp4Inspector(landscape);

    List<String> types = mp4.topLevelTypes();
    assertThat(types.getFirst()).isEqualTo("ftyp");
    assertThat(mp4.majorBrand()).isEqualTo("isom");
    assertThat(types).contains("moov", "mdat");
    assertThat(types.indexOf("moov")).as("fast start: moov precedes mdat").isLessThan(types.indexOf("mdat"));
  }

  @Test
  void hasOneH264VideoTrackOfTheRequestedSizeAndLength() {
    Mp4Inspector mp4 = new Mp4Inspector(landscape);

    assertThat(mp4.handlerType(mp4.require("moov", "trak", "mdia", "hdlr"))).isEqualTo("vide");
    assertThat(mp4.firstSampleEntry(mp4.require("moov", "trak", "mdia", "minf", "stbl", "stsd"))).isEqualTo("avc1");
    assertThat(mp4.durationSeconds(mp4.require("moov", "mvhd"))).isEqualTo(8.0);
    assertThat(mp4.durationSeconds(mp4.require("moov", "trak", "mdia", "mdhd"))).isEqualTo(8.0);
    assertThat(mp4.trackSize(mp4.require("moov", "trak", "tkhd"))).containsExactly(320, 180);
    assertThat(mp4.sampleCount(mp4.require("moov", "trak", "mdia", "minf", "stbl", "stsz"))).isEqualTo(64);
  }

  @Test
  void chunkOffsetsPointIntoTheMediaDataAfterMovingTheMovieHeader() {
    Mp4Inspector mp4 = new Mp4Inspector(landscape);
    Mp4Inspector.Box mdat = mp4.require("mdat");

    List<Long> offsets = mp4.chunkOffsets("moov", "trak", "mdia", "minf", "stbl");

    assertThat(offsets).isNotEmpty().allSatisfy(offset ->
        assertThat(offset).isBetween((long) mdat.bodyStart(), (long) mdat.start() + mdat.size() - 5));
    // The first sample starts with a NAL unit length that fits inside the media data.
    long firstNalLength = mp4.uint32At(offsets.getFirst());
    assertThat(firstNalLength).isPositive().isLessThan(mdat.size());
  }

  @ParameterizedTest
  @CsvSource({"180, 320, 2, 4", "320, 180, 3, 6", "64, 36, 12, 4"})
  void sizeAndDurationFollowTheArguments(int width, int height, int fps, int seconds) {
    Mp4Inspector mp4 = new Mp4Inspector(GENERATOR.generate("portrait lighthouse", width, height, fps, seconds));

    assertThat(mp4.trackSize(mp4.require("moov", "trak", "tkhd"))).containsExactly(width, height);
    assertThat(mp4.durationSeconds(mp4.require("moov", "mvhd"))).isEqualTo(seconds);
    assertThat(mp4.durationSeconds(mp4.require("moov", "trak", "mdia", "mdhd"))).isEqualTo(seconds);
    assertThat(mp4.sampleCount(mp4.require("moov", "trak", "mdia", "minf", "stbl", "stsz")))
        .isEqualTo((long) fps * seconds);
  }

  @Test
  void thePicturesDependOnThePromptAndOnNothingElse() {
    byte[] cat = frames(GENERATOR.generate("A cat surfing a wave at sunset", 320, 180, 2, 4));
    byte[] catAgain = frames(GENERATOR.generate("A cat surfing a wave at sunset", 320, 180, 2, 4));
    byte[] dog = frames(GENERATOR.generate("A dog skateboarding downhill", 320, 180, 2, 4));

    assertThat(catAgain).isEqualTo(cat);
    assertThat(dog).isNotEqualTo(cat);
  }

  /** The encoded frames; the headers also hold a wall-clock creation time. */
  private static byte[] frames(byte[] mp4) {
    Mp4Inspector inspector = new Mp4Inspector(mp4);
    return inspector.body(inspector.require("mdat"));
  }

  @Test
  void longAndUnusualPromptsStillRender() {
    String prompt = "Ünïcødé ✓ ".repeat(50) + "x".repeat(500);

    Mp4Inspector mp4 = new Mp4Inspector(GENERATOR.generate(prompt, 320, 180, 2, 4));

    assertThat(mp4.durationSeconds(mp4.require("moov", "mvhd"))).isEqualTo(4.0);
  }

  @Test
  void rejectsOddSizesAndNonPositiveTimes() {
    assertThatThrownBy(() -> GENERATOR.generate("x", 321, 180, 8, 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GENERATOR.generate("x", 320, 180, 0, 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GENERATOR.generate("x", 320, 180, 8, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ffprobeSeesAnH264StreamOfTheRequestedSizeAndDuration() throws Exception {
    assumeTrue(onPath("ffprobe"), "ffprobe is not installed");
    Path file = temp.resolve("video.mp4");
    Files.write(file, landscape);

    JsonNode probe = new ObjectMapper().readTree(run("ffprobe", "-v", "error", "-print_format", "json",
        "-show_streams", "-show_format", file.toString()));

    JsonNode stream = probe.path("streams").get(0);
    assertThat(probe.path("streams").size()).isEqualTo(1);
    assertThat(stream.path("codec_name").asText()).isEqualTo("h264");
    assertThat(stream.path("width").asInt()).isEqualTo(320);
    assertThat(stream.path("height").asInt()).isEqualTo(180);
    assertThat(stream.path("nb_frames").asInt()).isEqualTo(64);
    assertThat(Double.parseDouble(stream.path("duration").asText())).isCloseTo(8.0, within(0.01));
    assertThat(Double.parseDouble(probe.path("format").path("duration").asText())).isCloseTo(8.0, within(0.01));
  }

  @Test
  void ffmpegDecodesEveryFrameWithoutErrors() throws Exception {
    assumeTrue(onPath("ffmpeg"), "ffmpeg is not installed");
    Path file = temp.resolve("video.mp4");
    Files.write(file, landscape);

    String errors = run("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-");

    assertThat(errors).isBlank();
  }

  /** An extension copies the source's encoded frames unchanged, then the continuation; ffmpeg decodes it all. */
  @Test
  void anExtensionIsTheSourcesOwnFramesThenTheContinuation() throws Exception {
    byte[] source = GENERATOR.generate("a red kite", 64, 36, 4, 2);

    byte[] extended = GENERATOR.extend(source, List.of(new Mp4VideoGenerator.Segment("EXTENDED: it flies", 3)),
        64, 36, 4).orElseThrow();

    Mp4Inspector mp4 = new Mp4Inspector(extended);
    assertThat(mp4.durationSeconds(mp4.require("moov", "mvhd"))).isEqualTo(5.0);
    byte[] sourceFrames = frames(source);
    byte[] extendedFrames = frames(extended);
    assertThat(java.util.Arrays.copyOf(extendedFrames, sourceFrames.length)).as("the source's frames come first")
        .isEqualTo(sourceFrames);
    assertThat(GENERATOR.extend(source, List.of(new Mp4VideoGenerator.Segment("x", 3)), 36, 64, 4))
        .as("another size cannot be continued in place").isEmpty();
    assertThat(GENERATOR.extend(new byte[] {1, 2, 3}, List.of(new Mp4VideoGenerator.Segment("x", 3)), 64, 36, 4))
        .isEmpty();
    if (onPath("ffmpeg")) {
      Path file = temp.resolve("extended.mp4");
      Files.write(file, extended);
      assertThat(run("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-")).isBlank();
    }
  }

  /** A first frame given as a picture is seen in the video's first frame: a red image makes a red frame. */
  @Test
  void aPictureSegmentShowsThePicture() throws Exception {
    assumeTrue(onPath("ffmpeg"), "ffmpeg is not installed");
    java.awt.image.BufferedImage red = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        red.setRGB(x, y, 0xdd1111);
      }
    }
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(red, "png", png);
    byte[] video = GENERATOR.generate(List.of(new Mp4VideoGenerator.Segment("FIRST FRAME r.png", 1, png.toByteArray()),
        new Mp4VideoGenerator.Segment("a prompt", 1)), 64, 36, 4);
    Path file = temp.resolve("picture.mp4");
    Path rgb = temp.resolve("first.rgb");
    Files.write(file, video);

    run("ffmpeg", "-v", "error", "-y", "-i", file.toString(), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24",
        rgb.toString());

    byte[] pixels = Files.readAllBytes(rgb);
    int middle = (18 * 64 + 32) * 3;
    assertThat(pixels[middle] & 0xff).as("red").isGreaterThan(150);
    assertThat(pixels[middle + 1] & 0xff).as("green").isLessThan(90);
  }

  private static boolean onPath(String tool) {
    try {
      Process process = new ProcessBuilder(tool, "-version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command[0] + " did not finish");
    }
    assertThat(process.exitValue()).as(command[0] + " exit code; output: %s",
        new String(output, StandardCharsets.UTF_8)).isZero();
    return new String(output, StandardCharsets.UTF_8);
  }
}
