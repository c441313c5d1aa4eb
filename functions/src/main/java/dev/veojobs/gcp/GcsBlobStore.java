package dev.veojobs.gcp;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import dev.veojobs.app.BlobStore;
import dev.veojobs.app.ObjectNames;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.PermanentFailure;
import dev.veojobs.job.RetryableFailure;

/**
 * Cloud Storage writes made safe to repeat: every write carries {@code ifGenerationMatch=0}, so a
 * retried copy or upload that finds the object already there (412) has nothing left to do.
 */
public final class GcsBlobStore implements BlobStore {
  private final Storage storage;

  public GcsBlobStore(Storage storage) {
    this.storage = storage;
  }

  @Override
  public String copy(String sourceGcsUri, String bucket, String objectName) {
    ObjectNames.Location source = ObjectNames.Location.parse(sourceGcsUri);
    BlobId target = BlobId.of(bucket, objectName);
    Storage.CopyRequest request = Storage.CopyRequest.newBuilder()
        .setSource(BlobId.of(source.bucket(), source.objectName()))
        .setTarget(target, Storage.BlobTargetOption.doesNotExist())
        .build();
    try {
      storage.copy(request).getResult();
    } catch (StorageException e) {
      if (e.getCode() == 412) {
        return uri(bucket, objectName);
      }
      if (e.getCode() == 404) {
        // A retry after the copy succeeded and the source was cleaned up is still a success.
        if (exists(bucket, objectName)) {
          return uri(bucket, objectName);
        }
        throw new PermanentFailure(ErrorCode.FINALIZE_FAILED, "The generated video could not be found.");
      }
      throw translate("copy", e);
    }
    return uri(bucket, objectName);
  }

  @Override
  public String upload(byte[] data, String contentType, String bucket, String objectName) {
    com.google.cloud.storage.BlobInfo info =
        com.google.cloud.storage.BlobInfo.newBuilder(bucket, objectName).setContentType(contentType).build();
    try {
      storage.create(info, data, Storage.BlobTargetOption.doesNotExist());
    } catch (StorageException e) {
      if (e.getCode() != 412) {
        throw translate("upload", e);
      }
    }
    return uri(bucket, objectName);
  }

  @Override
  public boolean exists(String bucket, String objectName) {
    return describe(bucket, objectName) != null;
  }

  @Override
  public List<String> list(String bucket, String prefix) {
    try {
      List<String> uris = new ArrayList<>();
      for (Blob blob : storage.list(bucket, Storage.BlobListOption.prefix(prefix)).iterateAll()) {
        uris.add(uri(bucket, blob.getName()));
      }
      uris.sort(null);
      return uris;
    } catch (StorageException e) {
      throw translate("list", e);
    }
  }

  @Override
  public void delete(String bucket, String objectName) {
    try {
      // false means the object was not there: a repeated delete has nothing left to do.
      storage.delete(BlobId.of(bucket, objectName));
    } catch (StorageException e) {
      if (e.getCode() != 404) {
        throw translate("delete", e);
      }
    }
  }

  @Override
  public BlobInfo describe(String bucket, String objectName) {
    Blob blob;
    try {
      blob = storage.get(BlobId.of(bucket, objectName));
    } catch (StorageException e) {
      throw translate("read", e);
    }
    return blob == null ? null : new BlobInfo(blob.getSize() == null ? 0 : blob.getSize(), blob.getContentType());
  }

  /** 429, 5xx and transport failures pass with time; anything else is a setup error. */
  static RuntimeException translate(String what, StorageException e) {
    int code = e.getCode();
    if (code == 429 || code >= 500 || code == 408 || code == 0 || e.isRetryable()) {
      return new RetryableFailure("Cloud Storage " + what + " failed (HTTP " + code + ")", e);
    }
    return new IllegalStateException("Cloud Storage " + what + " was refused (HTTP " + code + ")", e);
  }

  private static String uri(String bucket, String objectName) {
    return ObjectNames.gcsUri(bucket, objectName);
  }
}
