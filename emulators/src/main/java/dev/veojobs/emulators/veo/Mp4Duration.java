package dev.veojobs.emulators.veo;

import java.nio.ByteBuffer;
import java.util.OptionalDouble;

/** The duration an MP4's {@code mvhd} box states, in seconds: all the emulator needs to know about an input video. */
final class Mp4Duration {
  private Mp4Duration() {}

  static OptionalDouble seconds(byte[] mp4) {
    ByteBuffer buffer = ByteBuffer.wrap(mp4);
    return box(buffer, 0, mp4.length);
  }

  /** Walks boxes in [from, to), descending into moov. */
  private static OptionalDouble box(ByteBuffer buffer, int from, int to) {
    int at = from;
    while (at + 8 <= to) {
      long size = Integer.toUnsignedLong(buffer.getInt(at));
      String type = new String(new byte[] {buffer.get(at + 4), buffer.get(at + 5), buffer.get(at + 6), buffer.get(at + 7)},
          java.nio.charset.StandardCharsets.ISO_8859_1);
      int header = 8;
      if (size == 1 && at + 16 <= to) {
        size = buffer.getLong(at + 8);
        header = 16;
      } else if (size == 0) {
        size = to - at;
      }
      if (size < header || at + size > to) {
        return OptionalDouble.empty();
      }
      if (type.equals("moov")) {
        return box(buffer, at + header, (int) (at + size));
      }
      if (type.equals("mvhd")) {
        int body = at + header;
        int version = buffer.get(body) & 0xff;
        long timescale = version == 1 ? Integer.toUnsignedLong(buffer.getInt(body + 20))
            : Integer.toUnsignedLong(buffer.getInt(body + 12));
        long duration = version == 1 ? buffer.getLong(body + 24) : Integer.toUnsignedLong(buffer.getInt(body + 16));
        return timescale == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) duration / timescale);
      }
      at += (int) size;
    }
    return OptionalDouble.empty();
  }
}
