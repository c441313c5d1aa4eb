package dev.veojobs.emulators.veo;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps written videos in memory, keyed by their gs:// URI. The emulator's default sink. */
public final class InMemoryVideoSink implements VideoSink {
  /** A stored video and the content type it was written with. */
  public record StoredVideo(byte[] data, String contentType) {}

  private final Map<String, StoredVideo> videos = new ConcurrentHashMap<>();

  @Override
  public void write(String gcsUri, byte[] data, String contentType) {
    videos.put(gcsUri, new StoredVideo(data.clone(), contentType));
  }

  public Optional<StoredVideo> get(String gcsUri) {
    return Optional.ofNullable(videos.get(gcsUri));
  }

  public Set<String> uris() {
    return new TreeSet<>(videos.keySet());
  }

  public void clear() {
    videos.clear();
  }
}
