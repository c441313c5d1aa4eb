package dev.veojobs.emulators.storage;

/**
 * The object's standard HTTP-ish metadata besides its content type; each may be null.
 * Kept so uploads round-trip what the client sets and downloads serve it back.
 */
public record ObjectHeaders(String contentEncoding, String contentDisposition, String contentLanguage,
    String cacheControl) {
  public static final ObjectHeaders NONE = new ObjectHeaders(null, null, null, null);
}
