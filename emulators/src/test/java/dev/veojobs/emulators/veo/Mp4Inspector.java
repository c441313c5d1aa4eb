package dev.veojobs.emulators.veo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the ISO-BMFF boxes of an MP4 independently of the production code, so tests can check the
 * container a player would see: box order, the track's codec, timescales, durations and size.
 */
final class Mp4Inspector {
  private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl", "dinf", "edts");

  record Box(String type, int start, int headerSize, int size) {
    int bodyStart() {
      return start + headerSize;
    }
  }

  private final ByteBuffer data;

  Mp4Inspector(byte[] mp4) {
    this.data = ByteBuffer.wrap(mp4);
  }

  List<Box> topLevel() {
    return children(0, data.capacity());
  }

  List<String> topLevelTypes() {
    return topLevel().stream().map(Box::type).toList();
  }

  /** The first box at the path, e.g. ("moov", "trak", "mdia", "mdhd"). */
  Optional<Box> find(String... path) {
    List<Box> level = topLevel();
    Box found = null;
    for (String type : path) {
      found = level.stream().filter(b -> b.type().equals(type)).findFirst().orElse(null);
      if (found == null) {
        return Optional.empty();
      }
      level = CONTAINERS.contains(type) ? children(found.bodyStart(), found.start() + found.size()) : List.of();
    }
    return Optional.ofNullable(found);
  }

  Box require(String... path) {
    return find(path).orElseThrow(() -> new AssertionError("no box at " + String.join("/", path)));
  }

  /** mvhd or mdhd: duration divided by timescale, in seconds. */
  double durationSeconds(Box header) {
    int body = header.bodyStart();
    int version = data.get(body) & 0xff;
    if (version == 1) {
      long timescale = Integer.toUnsignedLong(data.getInt(body + 4 + 16));
      long duration = data.getLong(body + 4 + 16 + 4);
      return (double) duration / timescale;
    }
    long timescale = Integer.toUnsignedLong(data.getInt(body + 4 + 8));
    long duration = Integer.toUnsignedLong(data.getInt(body + 4 + 8 + 4));
    return (double) duration / timescale;
  }

  /** tkhd width and height (16.16 fixed point), as whole pixels. */
  int[] trackSize(Box tkhd) {
    int body = tkhd.bodyStart();
    int version = data.get(body) & 0xff;
    int widthAt = body + (version == 1 ? 88 : 76);
    return new int[] {data.getInt(widthAt) >>> 16, data.getInt(widthAt + 4) >>> 16};
  }

  /** The first sample entry's four-character code in an stsd box, e.g. "avc1". */
  String firstSampleEntry(Box stsd) {
    return type(stsd.bodyStart() + 8 + 4);
  }

  /** The handler type of an hdlr box, e.g. "vide". */
  String handlerType(Box hdlr) {
    return type(hdlr.bodyStart() + 8);
  }

  /** Number of samples (frames) listed in an stsz box. */
  long sampleCount(Box stsz) {
    return Integer.toUnsignedLong(data.getInt(stsz.bodyStart() + 8));
  }

  /** Chunk offsets of the track whose sample table this is, from its stco or co64 box. */
  List<Long> chunkOffsets(String... stblPath) {
    String[] stco = append(stblPath, "stco");
    String[] co64 = append(stblPath, "co64");
    Box box = find(stco).or(() -> find(co64)).orElseThrow(() -> new AssertionError("no stco or co64"));
    boolean wide = box.type().equals("co64");
    int count = data.getInt(box.bodyStart() + 4);
    List<Long> offsets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      offsets.add(wide ? data.getLong(box.bodyStart() + 8 + 8 * i)
          : Integer.toUnsignedLong(data.getInt(box.bodyStart() + 8 + 4 * i)));
    }
    return offsets;
  }

  private static String[] append(String[] path, String last) {
    String[] extended = java.util.Arrays.copyOf(path, path.length + 1);
    extended[path.length] = last;
    return extended;
  }

  /** The 4-byte big-endian length that starts an AVC sample, read at an absolute file offset. */
  long uint32At(long offset) {
    return Integer.toUnsignedLong(data.getInt((int) offset));
  }

  String majorBrand() {
    Box ftyp = require("ftyp");
    return type(ftyp.bodyStart());
  }

  private List<Box> children(int start, int end) {
    List<Box> boxes = new ArrayList<>();
    int offset = start;
    while (offset + 8 <= end) {
      long size = Integer.toUnsignedLong(data.getInt(offset));
      int header = 8;
      if (size == 1) {
        size = data.getLong(offset + 8);
        header = 16;
      } else if (size == 0) {
        size = end - offset;
      }
      if (size < header || offset + size > end) {
        throw new AssertionError("malformed box " + type(offset + 4) + " at " + offset + " size " + size);
      }
      boxes.add(new Box(type(offset + 4), offset, header, (int) size));
      offset += (int) size;
    }
    if (offset != end) {
      throw new AssertionError("trailing bytes after the last box: " + (end - offset));
    }
    return boxes;
  }

  private String type(int offset) {
    byte[] bytes = new byte[4];
    data.get(offset, bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
