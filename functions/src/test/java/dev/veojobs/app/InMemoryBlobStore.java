package dev.veojobs.app;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Objects in memory, keyed by gs:// URI; enough for the use cases that list and look up objects. */
public final class InMemoryBlobStore implements BlobStore {
  private final Map<String, BlobInfo> objects = new TreeMap<>();

  /** Puts an object as Veo or an upload would, outside the use case under test. */
  public synchronized void put(String bucket, String objectName, long size) {
    objects.put(ObjectNames.gcsUri(bucket, objectName), new BlobInfo(size, "video/mp4"));
  }

  @Override
  public synchronized String copy(String sourceGcsUri, String bucket, String objectName) {
    BlobInfo source = objects.get(sourceGcsUri);
    if (source == null) {
      throw new IllegalStateException("no object " + sourceGcsUri);
    }
    objects.put(ObjectNames.gcsUri(bucket, objectName), source);
    return ObjectNames.gcsUri(bucket, objectName);
  }

  @Override
  public synchronized String upload(byte[] data, String contentType, String bucket, String objectName) {
    objects.putIfAbsent(ObjectNames.gcsUri(bucket, objectName), new BlobInfo(data.length, contentType));
    return ObjectNames.gcsUri(bucket, objectName);
  }

  @Override
  public synchronized boolean exists(String bucket, String objectName) {
    return objects.containsKey(ObjectNames.gcsUri(bucket, objectName));
  }

  @Override
  public synchronized List<String> list(String bucket, String prefix) {
    String start = ObjectNames.gcsUri(bucket, prefix);
    return objects.keySet().stream().filter(uri -> uri.startsWith(start)).toList();
  }

  @Override
  public synchronized void delete(String bucket, String objectName) {
    objects.remove(ObjectNames.gcsUri(bucket, objectName));
  }

  @Override
  public synchronized BlobInfo describe(String bucket, String objectName) {
    return objects.get(ObjectNames.gcsUri(bucket, objectName));
  }
}
