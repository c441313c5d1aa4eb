package dev.veojobs.security.upload;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The input image types Veo Jobs accepts, their object-name extensions and their magic bytes. */
public final class ImageTypes {
  public static final String PNG = "image/png";
  public static final String JPEG = "image/jpeg";
  private static final Map<String, String> EXTENSIONS = Map.of(PNG, "png", JPEG, "jpg");
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] JPEG_SIGNATURE = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

  private ImageTypes() {}

  /** The canonical type for {@code contentType} (case and parameters ignored), when accepted. */
  public static Optional<String> accepted(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    int semicolon = contentType.indexOf(';');
    String bare = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    return EXTENSIONS.containsKey(bare) ? Optional.of(bare) : Optional.empty();
  }

  static String extension(String canonicalType) {
    return EXTENSIONS.get(canonicalType);
  }

  static Optional<String> typeOfExtension(String extension) {
    return EXTENSIONS.entrySet().stream().filter(e -> e.getValue().equals(extension)).map(Map.Entry::getKey).findFirst();
  }

  /** True when the first bytes of an object are those of {@code contentType} (PNG or JPEG). */
  public static boolean hasSignature(byte[] head, String contentType) {
    byte[] expected = switch (accepted(contentType).orElse("")) {
      case PNG -> PNG_SIGNATURE;
      case JPEG -> JPEG_SIGNATURE;
      default -> null;
    };
    return expected != null && head != null && head.length >= expected.length
        && Arrays.equals(head, 0, expected.length, expected, 0, expected.length);
  }

  static String describe() {
    return PNG + " or " + JPEG;
  }
}
