package dev.veojobs.emulators.storage;

/**
 * A single-range {@code Range: bytes=…} header resolved against an object's size. As RFC 9110
 * allows, a header this emulator cannot honour (malformed, or several ranges) is ignored and the
 * whole object is served; a range starting at or past the end is unsatisfiable (416).
 */
record ByteRange(long first, long last, long size, boolean partial) {

  static ByteRange resolve(String header, long size) {
    ByteRange whole = new ByteRange(0, size - 1, size, false);
    if (header == null) {
      return whole;
    }
    String spec = header.trim();
    if (!spec.regionMatches(true, 0, "bytes=", 0, 6) || spec.contains(",")) {
      return whole;
    }
    spec = spec.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return whole;
    }
    try {
      String from = spec.substring(0, dash).trim();
      String to = spec.substring(dash + 1).trim();
      if (from.isEmpty()) {
        if (to.isEmpty()) {
          return whole;
        }
        long suffix = Long.parseLong(to);
        if (suffix == 0 || size == 0) {
          return unsatisfiable(size);
        }
        return new ByteRange(Math.max(0, size - suffix), size - 1, size, true);
      }
      long first = Long.parseLong(from);
      long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
      if (first < 0 || (!to.isEmpty() && Long.parseLong(to) < first)) {
        return whole;
      }
      if (first >= size) {
        return unsatisfiable(size);
      }
      return new ByteRange(first, last, size, true);
    } catch (NumberFormatException e) {
      return whole;
    }
  }

  private static ByteRange unsatisfiable(long size) {
    return new ByteRange(-1, -1, size, true);
  }

  boolean satisfiable() {
    return first >= 0;
  }

  long length() {
    return satisfiable() ? last - first + 1 : 0;
  }

  String contentRange() {
    return satisfiable() ? "bytes " + first + "-" + last + "/" + size : "bytes */" + size;
  }
}
