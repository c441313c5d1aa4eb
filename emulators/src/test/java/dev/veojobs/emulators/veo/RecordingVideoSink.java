package dev.veojobs.emulators.veo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sink that behaves like a bucket store for tests: writes to a bucket it does not know fail, as
 * the Storage emulator's putObject does, and every successful write is logged.
 */
final class RecordingVideoSink implements VideoSink {
  record Write(String gcsUri, byte[] data, String contentType) {}

  private final Set<String> buckets = ConcurrentHashMap.newKeySet();
  private final List<Write> writes = new ArrayList<>();

  RecordingVideoSink(String... buckets) {
    this.buckets.addAll(List.of(buckets));
  }

  @Override
  public synchronized void write(String gcsUri, byte[] data, String contentType) {
    String bucket = gcsUri.substring("gs://".length()).split("/", 2)[0];
    if (!buckets.contains(bucket)) {
      throw new IllegalStateException("bucket " + bucket + " does not exist");
    }
    writes.add(new Write(gcsUri, data.clone(), contentType));
    notifyAll();
  }

  /** Waits (wall clock, bounded) for a write made on another thread, such as the emulator's completion watcher. */
  synchronized Write await(String gcsUri, java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Optional<Write> written = get(gcsUri);
    while (written.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no video written to " + gcsUri + "; writes: "
            + writes.stream().map(Write::gcsUri).toList());
      }
      wait(Math.max(1, left / 1_000_000));
      written = get(gcsUri);
    }
    return written.get();
  }

  synchronized List<Write> writes() {
    return List.copyOf(writes);
  }

  synchronized Optional<Write> get(String gcsUri) {
    return writes.stream().filter(w -> w.gcsUri().equals(gcsUri)).reduce((first, second) -> second);
  }

  synchronized void clear() {
    writes.clear();
  }
}
