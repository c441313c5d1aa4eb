package dev.veojobs.emulators.veo;

import java.util.Optional;

/**
 * Where the emulator reads the objects a request names: the video an extension continues
 * ({@code instances[0].video.gcsUri}), so it can check the input's length as Veo does and show the
 * source before the continuation, and the first and last frame, which it draws where Veo puts them. The local
 * stack reads from the Storage emulator; the default reads back the emulator's own
 * {@link InMemoryVideoSink}. {@link #NONE} knows no video: the source is then taken on trust.
 */
@FunctionalInterface
public interface VideoSource {
  /** The object's bytes, or empty when there is no such object. */
  Optional<byte[]> read(String gcsUri);

  /** Reads nothing: the input video's length cannot be checked and the result is the continuation only. */
  VideoSource NONE = gcsUri -> null;

  /** Something that reads objects by bucket and name, such as the Storage emulator. */
  @FunctionalInterface
  interface BucketReader {
    Optional<byte[]> read(String bucket, String name);
  }

  static VideoSource forBuckets(BucketReader reader) {
    return gcsUri -> {
      int slash = gcsUri.startsWith("gs://") ? gcsUri.indexOf('/', 5) : -1;
      return slash < 0 ? Optional.empty() : reader.read(gcsUri.substring(5, slash), gcsUri.substring(slash + 1));
    };
  }
}
