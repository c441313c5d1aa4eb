package dev.veojobs.emulators.veo;

/**
 * Where finished videos go when a request names a {@code storageUri}. The local stack writes them
 * into the Storage emulator (see {@link #forBuckets}); tests can use {@link InMemoryVideoSink}. A
 * sink that throws (for example because the bucket does not exist) makes the operation finish with
 * an error, the way Veo reports an output location it cannot write to.
 */
@FunctionalInterface
public interface VideoSink {
  void write(String gcsUri, byte[] data, String contentType);

  /** Something that stores objects by bucket and name, such as the Storage emulator's putObject. */
  @FunctionalInterface
  interface BucketWriter {
    void putObject(String bucket, String name, byte[] data, String contentType);
  }

  /** A sink that splits {@code gs://bucket/name} and hands it to {@code writer}. */
  static VideoSink forBuckets(BucketWriter writer) {
    return (gcsUri, data, contentType) -> {
      if (!gcsUri.startsWith("gs://") || gcsUri.indexOf('/', 5) < 0) {
        throw new IllegalArgumentException("not a gs://bucket/object URI: " + gcsUri);
      }
      int slash = gcsUri.indexOf('/', 5);
      writer.putObject(gcsUri.substring(5, slash), gcsUri.substring(slash + 1), data, contentType);
    };
  }
}
