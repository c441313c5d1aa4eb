package dev.veojobs.emulators.veo;

/**
 * Where finished videos go when a request names a {@code storageUri}. The local stack writes them
 * into the Storage emulator; tests can use {@link InMemoryVideoSink}. A sink that throws (for
 * example because the bucket does not exist) makes the operation finish with an error, the way Veo
 * reports an output location it cannot write to.
 */
@FunctionalInterface
public interface VideoSink {
  void write(String gcsUri, byte[] data, String contentType);
}
