package dev.veojobs.gcp;

/** A {@code gs://bucket/object} address. */
record GsUri(String bucket, String objectName) {

  static GsUri parse(String uri) {
    if (uri == null || !uri.startsWith("gs://")) {
      throw new IllegalArgumentException("not a gs:// URI: " + uri);
    }
    String rest = uri.substring("gs://".length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException("a gs:// URI names a bucket and an object: " + uri);
    }
    return new GsUri(rest.substring(0, slash), rest.substring(slash + 1));
  }

  @Override
  public String toString() {
    return "gs://" + bucket + "/" + objectName;
  }
}
