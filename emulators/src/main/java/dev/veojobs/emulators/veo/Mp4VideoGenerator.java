package dev.veojobs.emulators.veo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.common.Codec;
import org.jcodec.common.MuxerTrack;
import org.jcodec.common.VideoCodecMeta;
import org.jcodec.common.VideoEncoder.EncodedFrame;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Packet;
import org.jcodec.common.model.Size;
import org.jcodec.containers.mp4.Brand;
import org.jcodec.containers.mp4.muxer.MP4Muxer;
import org.jcodec.containers.mp4.demuxer.MP4Demuxer;
import org.jcodec.common.DemuxerTrack;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;

/**
 * Makes a real, playable H.264 MP4 that shows the prompt, a running clock and a progress bar, so a
 * person looking at an emulated result can tell which job it belongs to and that it plays for the
 * requested length. Frames are drawn with a built-in bitmap font (no AWT) and encoded with JCodec.
 * The container is rewritten "fast start" (moov before mdat), as browsers prefer for progressive
 * playback.
 */
public final class Mp4VideoGenerator {
  private static final YuvFrame.Color TEXT = YuvFrame.Color.rgb(245, 245, 245);
  private static final YuvFrame.Color BAR_TRACK = YuvFrame.Color.rgb(70, 70, 70);
  private static final YuvFrame.Color BAR = YuvFrame.Color.rgb(66, 133, 244);

  /**
   * Encodes {@code fps * seconds} frames of {@code width x height} (both even) showing {@code text}.
   * The track's duration is exactly {@code seconds}.
   */
  public byte[] generate(String text, int width, int height, int fps, int seconds) {
    return generate(List.of(new Segment(text, seconds)), width, height, fps);
  }

  /**
   * A stretch of the video showing one text: the first frame, the source of an extension, the prompt…
   * With {@code picture} (PNG or JPEG bytes) the picture fills the frame and the text is its caption.
   */
  public record Segment(String text, int seconds, byte[] picture) {
    public Segment(String text, int seconds) {
      this(text, seconds, null);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Segment s && java.util.Objects.equals(text, s.text) && seconds == s.seconds
          && java.util.Arrays.equals(picture, s.picture);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(text, seconds, java.util.Arrays.hashCode(picture));
    }

    @Override
    public String toString() {
      return "Segment[" + text + ", " + seconds + " s" + (picture == null ? "" : ", picture #" + java.util.Arrays.hashCode(picture)) + "]";
    }
  }

  /**
   * Encodes the segments one after another, each with its own text and colour, under one clock and
   * progress bar: a viewer sees what the request gave Veo (a first frame, a last frame, the video an
   * extension continues) at the place Veo puts it.
   */
  public byte[] generate(List<Segment> segments, int width, int height, int fps) {
    return encode(List.of(), segments, width, height, fps);
  }

  /**
   * An extension as Veo returns it: the source video's own frames, copied as they are, then the
   * continuation drawn after them. Empty when the source cannot be continued in place (not an
   * H.264 MP4 this size and frame rate, e.g. made by another emulator configuration): the caller
   * then draws a stand-in for the source.
   */
  public java.util.Optional<byte[]> extend(byte[] source, List<Segment> continuation, int width, int height, int fps) {
    List<Packet> frames = new ArrayList<>();
    try {
      MP4Demuxer demuxer = MP4Demuxer.createMP4Demuxer(ByteBufferSeekableByteChannel.readFromByteBuffer(ByteBuffer.wrap(source)));
      DemuxerTrack video = demuxer.getVideoTrack();
      if (video == null) {
        return java.util.Optional.empty();
      }
      DemuxerTrackMeta meta = video.getMeta();
      Size size = meta.getVideoCodecMeta() == null ? null : meta.getVideoCodecMeta().getSize();
      if (meta.getCodec() != Codec.H264 || size == null || size.getWidth() != width || size.getHeight() != height
          || Math.abs(meta.getTotalFrames() - meta.getTotalDuration() * fps) > 0.5) {
        return java.util.Optional.empty();
      }
      for (Packet packet = video.nextFrame(); packet != null; packet = video.nextFrame()) {
        frames.add(packet);
      }
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(encode(frames, continuation, width, height, fps));
  }

  /** {@code prefix}: already encoded frames (Annex B) that come first, one per 1/fps s. */
  private byte[] encode(List<Packet> prefix, List<Segment> segments, int width, int height, int fps) {
    int seconds = segments.stream().mapToInt(Segment::seconds).sum();
    if (fps <= 0 || seconds <= 0 || segments.stream().anyMatch(s -> s.seconds() < 0)) {
      throw new IllegalArgumentException("fps and seconds must be positive: " + fps + ", " + segments);
    }
    List<YuvFrame> backgrounds = new ArrayList<>();
    List<Integer> segmentOfFrame = new ArrayList<>();
    for (int s = 0; s < segments.size(); s++) {
      Segment segment = segments.get(s);
      YuvFrame background = background(segment.text() == null ? "" : segment.text(), width, height);
      if (segment.picture() != null) {
        background = withPicture(background, segment.picture(), segment.text());
      }
      backgrounds.add(background);
      for (int f = 0; f < segment.seconds() * fps; f++) {
        segmentOfFrame.add(s);
      }
    }
    int frames = fps * seconds;
    int first = prefix.size();
    int total = first + frames;
    int totalSeconds = (int) Math.round((double) total / fps);
    try {
      GrowableByteChannel out = new GrowableByteChannel();
      MP4Muxer muxer = MP4Muxer.createMP4Muxer(out, Brand.MP4);
      MuxerTrack track = muxer.addVideoTrack(Codec.H264,
          VideoCodecMeta.createSimpleVideoCodecMeta(new Size(width, height), ColorSpace.YUV420J));
      for (int i = 0; i < first; i++) {
        Packet copied = prefix.get(i);
        track.addFrame(Packet.createPacket(copyOf(copied.getData()), i, fps, 1, i, copied.getFrameType(), null));
      }
      H264Encoder encoder = H264Encoder.createH264Encoder();
      // One key frame a second keeps seeking cheap without bloating these tiny files.
      encoder.setKeyInterval(fps);
      ByteBuffer buffer = null;
      for (int i = 0; i < frames; i++) {
        YuvFrame frame = backgrounds.get(segmentOfFrame.get(i)).copy();
        drawProgress(frame, first + i, total, fps, totalSeconds);
        var picture = frame.toPicture();
        if (buffer == null) {
          buffer = ByteBuffer.allocate(encoder.estimateBufferSize(picture));
        }
        buffer.clear();
        EncodedFrame encoded = encoder.encodeFrame(picture, buffer);
        ByteBuffer data = copyOf(encoded.getData());
        track.addFrame(Packet.createPacket(data, first + i, fps, 1, first + i,
            encoded.isKeyFrame() ? Packet.FrameType.KEY : Packet.FrameType.INTER, null));
      }
      muxer.finish();
      return Mp4FastStart.moveMoovToFront(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode the video", e);
    }
  }

  private static ByteBuffer copyOf(ByteBuffer source) {
    ByteBuffer copy = ByteBuffer.allocate(source.remaining());
    copy.put(source.duplicate());
    copy.flip();
    return copy;
  }

  /** The parts that stay still: a colour chosen from the text, and the wrapped text itself. */
  private static YuvFrame background(String text, int width, int height) {
    YuvFrame frame = new YuvFrame(width, height);
    frame.fill(backgroundColor(text));
    int margin = margin(width, height);
    int textBottom = clockTop(width, height) - margin;
    TextLayout layout = TextLayout.fit(text, width - 2 * margin, textBottom - margin);
    int y = margin;
    for (String line : layout.lines()) {
      frame.drawText(line, margin, y, layout.scale(), TEXT);
      y += YuvFrame.lineHeight(layout.scale());
    }
    return frame;
  }

  /**
   * The input image scaled to the frame (nearest neighbour), the caption on top: a first or last
   * frame is seen where Veo puts it. An image ImageIO cannot read leaves the text-only frame.
   */
  private static YuvFrame withPicture(YuvFrame textOnly, byte[] picture, String caption) {
    java.awt.image.BufferedImage image;
    try {
      image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(picture));
    } catch (IOException | RuntimeException e) {
      return textOnly;
    }
    if (image == null) {
      return textOnly;
    }
    int width = textOnly.width();
    int height = textOnly.height();
    YuvFrame frame = new YuvFrame(width, height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = image.getRGB(x * image.getWidth() / width, y * image.getHeight() / height);
        frame.fillRect(x, y, 1, 1, YuvFrame.Color.rgb((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff));
      }
    }
    int margin = margin(width, height);
    frame.drawText(caption == null ? "" : caption, margin, margin, 1, TEXT);
    return frame;
  }

  private static void drawProgress(YuvFrame frame, int index, int frames, int fps, int seconds) {
    int width = frame.width();
    int height = frame.height();
    int margin = margin(width, height);
    int clockScale = clockScale(width, height);
    String clock = String.format(java.util.Locale.ROOT, "%.2fS / %dS", (double) index / fps, seconds);
    frame.drawText(clock, margin, clockTop(width, height), clockScale, TEXT);
    int barHeight = barHeight(height);
    int barTop = height - margin - barHeight;
    int barWidth = width - 2 * margin;
    frame.fillRect(margin, barTop, barWidth, barHeight, BAR_TRACK);
    frame.fillRect(margin, barTop, (int) ((long) barWidth * (index + 1) / frames), barHeight, BAR);
  }

  private static int margin(int width, int height) {
    return Math.max(2, Math.min(width, height) / 24);
  }

  private static int barHeight(int height) {
    return Math.max(2, height / 36);
  }

  private static int clockScale(int width, int height) {
    return Math.max(1, Math.min(width, height) / 180);
  }

  private static int clockTop(int width, int height) {
    int margin = margin(width, height);
    return height - margin - barHeight(height) - margin / 2 - YuvFrame.lineHeight(clockScale(width, height));
  }

  private static YuvFrame.Color backgroundColor(String text) {
    int hash = text.hashCode();
    // Dark, saturated-enough colours so the white text stays readable whatever the prompt.
    int r = 30 + ((hash >>> 16) & 0x3f);
    int g = 30 + ((hash >>> 8) & 0x3f);
    int b = 30 + (hash & 0x3f);
    return YuvFrame.Color.rgb(r, g, b);
  }

  /** Word-wrapped lines at the largest font scale that fits the box; overflow ends in "...". */
  record TextLayout(List<String> lines, int scale) {
    static TextLayout fit(String text, int boxWidth, int boxHeight) {
      String normalized = text.strip().replaceAll("\\s+", " ");
      int maxScale = Math.max(1, Math.min(boxWidth, boxHeight) / 40);
      for (int scale = maxScale; scale >= 1; scale--) {
        int columns = boxWidth / YuvFrame.advance(scale);
        int rows = Math.max(0, boxHeight) / YuvFrame.lineHeight(scale);
        List<String> lines = wrap(normalized, Math.max(1, columns));
        if (lines.size() <= rows || scale == 1) {
          return new TextLayout(truncate(lines, rows, columns), scale);
        }
      }
      throw new IllegalStateException("unreachable: scale 1 always returns");
    }

    private static List<String> wrap(String text, int columns) {
      List<String> lines = new ArrayList<>();
      StringBuilder line = new StringBuilder();
      for (String word : text.isEmpty() ? new String[0] : text.split(" ")) {
        while (word.length() > columns) {
          if (!line.isEmpty()) {
            lines.add(line.toString());
            line.setLength(0);
          }
          lines.add(word.substring(0, columns));
          word = word.substring(columns);
        }
        if (line.isEmpty()) {
          line.append(word);
        } else if (line.length() + 1 + word.length() <= columns) {
          line.append(' ').append(word);
        } else {
          lines.add(line.toString());
          line.setLength(0);
          line.append(word);
        }
      }
      if (!line.isEmpty()) {
        lines.add(line.toString());
      }
      return lines;
    }

    private static List<String> truncate(List<String> lines, int rows, int columns) {
      if (lines.size() <= rows) {
        return lines;
      }
      if (rows <= 0) {
        return List.of();
      }
      List<String> kept = new ArrayList<>(lines.subList(0, rows));
      String last = kept.get(rows - 1);
      int room = Math.max(0, columns - 3);
      kept.set(rows - 1, (last.length() > room ? last.substring(0, room) : last) + "...");
      return kept;
    }
  }
}
