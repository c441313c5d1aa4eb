package dev.veojobs.emulators.storage;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every bucket and live object generation. One lock guards it all, so a precondition check and
 * the write it guards are atomic, as a single-object write is in production. Only the live
 * generation is kept (buckets behave as if object versioning were off).
 */
final class ObjectStore {
  private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

  private final Clock clock;
  private final Map<String, StoredBucket> buckets = new TreeMap<>();
  private final Map<String, TreeMap<String, StoredObject>> objects = new TreeMap<>();
  private long lastGeneration;

  ObjectStore(Clock clock) {
    this.clock = clock;
  }

  synchronized StoredBucket createBucket(String name, String project) {
    if (name == null || name.isEmpty()) {
      throw StorageError.required("resource.name");
    }
    boolean dotted = name.contains(".");
    if (!BUCKET_NAME.matcher(name).matches() || (!dotted && name.length() > 63) || name.contains("..")
        || name.startsWith("goog")) {
      throw StorageError.invalid("Invalid bucket name: '" + name + "'");
    }
    if (buckets.containsKey(name)) {
      throw StorageError.of(409, "conflict",
          "Your previous request to create the named bucket succeeded and you already own it.");
    }
    StoredBucket bucket = new StoredBucket(name, project, now());
    buckets.put(name, bucket);
    objects.put(name, new TreeMap<>());
    return bucket;
  }

  synchronized Optional<StoredBucket> bucket(String name) {
    return Optional.ofNullable(buckets.get(name));
  }

  synchronized StoredBucket requireBucket(String name) {
    StoredBucket bucket = buckets.get(name);
    if (bucket == null) {
      throw StorageError.noSuchBucket();
    }
    return bucket;
  }

  synchronized List<StoredBucket> buckets() {
    return List.copyOf(buckets.values());
  }

  synchronized void deleteBucket(String name) {
    requireBucket(name);
    if (!objects.get(name).isEmpty()) {
      throw StorageError.of(409, "conflict", "The bucket you tried to delete is not empty.");
    }
    buckets.remove(name);
    objects.remove(name);
  }

  synchronized Optional<StoredObject> object(String bucket, String name) {
    TreeMap<String, StoredObject> inBucket = objects.get(bucket);
    return inBucket == null ? Optional.empty() : Optional.ofNullable(inBucket.get(name));
  }

  /**
   * The live object, 404 when the bucket or object is missing or when {@code generation} names
   * a generation other than the live one (older generations are not kept).
   */
  synchronized StoredObject require(String bucket, String name, Long generation) {
    StoredObject object = objectsOf(bucket).get(name);
    if (object == null || (generation != null && object.generation() != generation)) {
      throw StorageError.noSuchObject(bucket, name);
    }
    return object;
  }

  synchronized StoredObject put(NewObject spec, Preconditions preconditions) {
    validateObjectName(spec.name());
    TreeMap<String, StoredObject> inBucket = objectsOf(spec.bucket());
    preconditions.checkWrite(inBucket.get(spec.name()));
    Instant now = now();
    StoredObject stored = new StoredObject(spec.bucket(), spec.name(), spec.data(), spec.contentType(),
        nextGeneration(now), 1, spec.metadata(), Checksums.md5(spec.data()), Checksums.crc32c(spec.data()),
        now, now, spec.headers());
    inBucket.put(spec.name(), stored);
    return stored;
  }

  /** Rewrite and copy: reads the source and writes the destination under one lock. */
  synchronized StoredObject copy(String sourceBucket, String sourceName, Long sourceGeneration,
      Preconditions sourcePreconditions, Function<StoredObject, NewObject> destination,
      Preconditions destinationPreconditions) {
    StoredObject source = require(sourceBucket, sourceName, sourceGeneration);
    sourcePreconditions.checkWrite(source);
    return put(destination.apply(source), destinationPreconditions);
  }

  synchronized StoredObject updateMetadata(String bucket, String name, Long generation,
      Preconditions preconditions, Function<StoredObject, StoredObject> change) {
    StoredObject existing = require(bucket, name, generation);
    preconditions.checkWrite(existing);
    StoredObject updated = change.apply(existing);
    objects.get(bucket).put(name, updated);
    return updated;
  }

  synchronized void delete(String bucket, String name, Long generation, Preconditions preconditions) {
    StoredObject existing = require(bucket, name, generation);
    preconditions.checkWrite(existing);
    objects.get(bucket).remove(name);
  }

  synchronized ObjectListing.Page list(String bucket, ObjectListing.Request request) {
    return ObjectListing.list(objectsOf(bucket), request);
  }

  /** Every object, or a bucket's objects, in name order; empty for an unknown bucket. */
  synchronized List<StoredObject> objects(String bucket) {
    List<StoredObject> all = new ArrayList<>();
    objects.forEach((name, inBucket) -> {
      if (bucket == null || bucket.equals(name)) {
        all.addAll(inBucket.values());
      }
    });
    return all;
  }

  synchronized void reset() {
    buckets.clear();
    objects.clear();
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private TreeMap<String, StoredObject> objectsOf(String bucket) {
    TreeMap<String, StoredObject> inBucket = objects.get(bucket);
    if (inBucket == null) {
      throw StorageError.noSuchBucket();
    }
    return inBucket;
  }

  /** Production generations are microsecond timestamps; they must also strictly increase. */
  private long nextGeneration(Instant now) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
    lastGeneration = Math.max(micros, lastGeneration + 1);
    return lastGeneration;
  }

  private static void validateObjectName(String name) {
    if (name == null || name.isEmpty()) {
      throw StorageError.required("resource.name");
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > 1024) {
      throw StorageError.invalid("The maximum object length is 1024 characters, but got a name with "
          + bytes + " characters: ''" + name.substring(0, 20) + "...''");
    }
    if (name.equals(".") || name.equals("..") || name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0) {
      throw StorageError.invalid("The specified object name is not valid: '" + name + "'");
    }
  }
}
