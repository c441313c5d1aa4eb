package dev.veojobs.emulators.storage;

/**
 * An XML API error (signed URLs are served the XML-API way), rendered as production does:
 * {@code <?xml version='1.0' encoding='UTF-8'?><Error><Code>…</Code><Message>…</Message>…</Error>}.
 */
final class XmlError extends RuntimeException {
  private final int status;
  private final String code;
  private final String details;
  private final String stringToSign;
  private final String canonicalRequest;

  private XmlError(int status, String code, String message, String details, String stringToSign,
      String canonicalRequest) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.stringToSign = stringToSign;
    this.canonicalRequest = canonicalRequest;
  }

  static XmlError of(int status, String code, String message, String details) {
    return new XmlError(status, code, message, details, null, null);
  }

  static XmlError signatureDoesNotMatch(String stringToSign, String canonicalRequest) {
    return new XmlError(403, "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided."
            + " Check your Google secret key and signing method.",
        null, stringToSign, canonicalRequest);
  }

  static XmlError expired(String expiredAt) {
    return of(400, "ExpiredToken", "Invalid argument.",
        "The provided token has expired. Request signature expired at: " + expiredAt);
  }

  static XmlError noSuchKey(String bucket, String name) {
    return of(404, "NoSuchKey", "The specified key does not exist.",
        "No such object: " + bucket + "/" + name);
  }

  static XmlError noSuchBucket() {
    return of(404, "NoSuchBucket", "The specified bucket does not exist.", null);
  }

  static XmlError anonymous(String permission) {
    return of(403, "AccessDenied", "Access denied.",
        "Anonymous caller does not have " + permission
            + " access to the Google Cloud Storage object. Permission '" + permission
            + "' denied on resource (or it may not exist).");
  }

  int status() {
    return status;
  }

  String toXml() {
    StringBuilder xml = new StringBuilder("<?xml version='1.0' encoding='UTF-8'?><Error>");
    element(xml, "Code", code);
    element(xml, "Message", getMessage());
    element(xml, "Details", details);
    element(xml, "StringToSign", stringToSign);
    element(xml, "CanonicalRequest", canonicalRequest);
    return xml.append("</Error>").toString();
  }

  private static void element(StringBuilder xml, String name, String text) {
    if (text == null) {
      return;
    }
    xml.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
