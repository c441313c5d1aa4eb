package dev.veojobs.emulators.veo;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Moves the moov box in front of mdat and shifts the chunk offsets to match (what
 * {@code ffmpeg -movflags +faststart} does). JCodec writes moov last; a browser streaming the file
 * then has to fetch the end before it can start playing.
 */
final class Mp4FastStart {
  private static final Set<String> CONTAINERS_WITH_CHUNK_OFFSETS = Set.of("moov", "trak", "mdia", "minf", "stbl");

  private Mp4FastStart() {}

  record Box(String type, int offset, int size) {}

  static byte[] moveMoovToFront(byte[] mp4) {
    List<Box> boxes = topLevelBoxes(mp4);
    int moovIndex = indexOf(boxes, "moov");
    int mdatIndex = indexOf(boxes, "mdat");
    if (moovIndex < 0 || mdatIndex < 0 || moovIndex < mdatIndex) {
      return mp4;
    }
    Box moov = boxes.get(moovIndex);
    byte[] movedMoov = new byte[moov.size()];
    System.arraycopy(mp4, moov.offset(), movedMoov, 0, moov.size());
    shiftChunkOffsets(ByteBuffer.wrap(movedMoov), 8, movedMoov.length, moov.size());

    ByteArrayOutputStream out = new ByteArrayOutputStream(mp4.length);
    for (int i = 0; i < mdatIndex; i++) {
      write(out, mp4, boxes.get(i));
    }
    out.write(movedMoov, 0, movedMoov.length);
    for (int i = mdatIndex; i < boxes.size(); i++) {
      if (i != moovIndex) {
        write(out, mp4, boxes.get(i));
      }
    }
    return out.toByteArray();
  }

  static List<Box> topLevelBoxes(byte[] mp4) {
    return boxes(ByteBuffer.wrap(mp4), 0, mp4.length);
  }

  /** The boxes laid end to end in [start, end) of the buffer. */
  static List<Box> boxes(ByteBuffer buffer, int start, int end) {
    List<Box> boxes = new ArrayList<>();
    int offset = start;
    while (offset + 8 <= end) {
      long size = Integer.toUnsignedLong(buffer.getInt(offset));
      String type = type(buffer, offset + 4);
      if (size == 1) {
        size = buffer.getLong(offset + 8);
      } else if (size == 0) {
        size = end - offset;
      }
      if (size < 8 || offset + size > end) {
        throw new IllegalArgumentException("malformed MP4 box " + type + " at " + offset);
      }
      boxes.add(new Box(type, offset, (int) size));
      offset += (int) size;
    }
    return boxes;
  }

  static String type(ByteBuffer buffer, int offset) {
    char[] chars = new char[4];
    for (int i = 0; i < 4; i++) {
      chars[i] = (char) (buffer.get(offset + i) & 0xff);
    }
    return new String(chars);
  }

  private static void shiftChunkOffsets(ByteBuffer buffer, int start, int end, int shift) {
    for (Box box : boxes(buffer, start, end)) {
      int body = box.offset() + 8;
      if (CONTAINERS_WITH_CHUNK_OFFSETS.contains(box.type())) {
        shiftChunkOffsets(buffer, body, box.offset() + box.size(), shift);
      } else if (box.type().equals("stco")) {
        int count = buffer.getInt(body + 4);
        for (int i = 0; i < count; i++) {
          int at = body + 8 + 4 * i;
          long shifted = Integer.toUnsignedLong(buffer.getInt(at)) + shift;
          if (shifted > 0xffffffffL) {
            throw new IllegalStateException("chunk offset no longer fits in stco");
          }
          buffer.putInt(at, (int) shifted);
        }
      } else if (box.type().equals("co64")) {
        int count = buffer.getInt(body + 4);
        for (int i = 0; i < count; i++) {
          int at = body + 8 + 8 * i;
          buffer.putLong(at, buffer.getLong(at) + shift);
        }
      }
    }
  }

  private static int indexOf(List<Box> boxes, String type) {
    for (int i = 0; i < boxes.size(); i++) {
      if (boxes.get(i).type().equals(type)) {
        return i;
      }
    }
    return -1;
  }

  private static void write(ByteArrayOutputStream out, byte[] mp4, Box box) {
    out.write(mp4, box.offset(), box.size());
  }
}
