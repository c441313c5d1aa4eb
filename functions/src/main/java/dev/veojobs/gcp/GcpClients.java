package dev.veojobs.gcp;

import com.google.api.core.ApiClock;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.auth.ServiceAccountSigner;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.CloudTasksSettings;
import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Builds the Google clients from plain values. A null emulator host means production with
 * Application Default Credentials; a host means the same client, pointed at an emulator over
 * plaintext with no credentials. Nothing here reads the environment.
 */
public final class GcpClients {
  static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
  /** The token the genai client sends to a local Veo; emulators do not check it. */
  static final String LOCAL_TOKEN = "local-emulator-token";
  /** Per-request limit for Veo calls; Cloud Tasks retries the step if it is reached. */
  static final int VEO_TIMEOUT_MILLIS = 60_000;

  private GcpClients() {}

  /** @param emulatorHost {@code host:port} (as in FIRESTORE_EMULATOR_HOST) or null */
  public static Firestore firestore(String projectId, String databaseId, String emulatorHost) {
    FirestoreOptions.Builder options = FirestoreOptions.newBuilder()
        .setProjectId(projectId)
        .setDatabaseId(databaseId == null || databaseId.isBlank() ? "(default)" : databaseId);
    if (present(emulatorHost)) {
      options.setEmulatorHost(hostPort(emulatorHost));
    }
    return options.build().getService();
  }

  /** @param emulatorHost {@code host:port} of a Cloud Tasks emulator, or null */
  public static CloudTasksClient tasks(String emulatorHost) {
    try {
      if (!present(emulatorHost)) {
        return CloudTasksClient.create();
      }
      CloudTasksSettings settings = CloudTasksSettings.newBuilder()
          .setCredentialsProvider(NoCredentialsProvider.create())
          .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
              .setEndpoint(hostPort(emulatorHost))
              .setChannelConfigurator(builder -> builder.usePlaintext())
              .build())
          .build();
      return CloudTasksClient.create(settings);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Cloud Tasks client", e);
    }
  }

  /** @param emulatorHost {@code http://host:port} or {@code host:port} (STORAGE_EMULATOR_HOST), or null */
  public static Storage storage(String projectId, String emulatorHost) {
    return storage(projectId, emulatorHost, null);
  }

  /**
   * As {@link #storage(String, String)}, signing URLs on {@code clock} (null = the system clock):
   * against an emulator whose clock has been moved, the signature time must follow it.
   */
  public static Storage storage(String projectId, String emulatorHost, Clock clock) {
    StorageOptions.Builder options = StorageOptions.http().setProjectId(projectId);
    if (present(emulatorHost)) {
      options.setHost(baseUrl(emulatorHost)).setCredentials(NoCredentials.getInstance());
    }
    if (clock != null) {
      options.setClock(apiClock(clock));
    }
    return options.build().getService();
  }

  /**
   * Vertex AI in {@code location}. With {@code baseUrl} (a local Veo) the client sends a fixed
   * token instead of looking for credentials. The SDK's own retries are off, and so are OkHttp's
   * silent re-sends ({@link GenAiNoSilentRetry}): a re-sent start could pay for two videos, and Cloud
   * Tasks retries the whole step with backoff.
   */
  public static Client genai(String projectId, String location, String baseUrl) {
    HttpOptions.Builder http = HttpOptions.builder()
        .timeout(VEO_TIMEOUT_MILLIS)
        .retryOptions(HttpRetryOptions.builder().attempts(1).build());
    Client.Builder client = Client.builder().vertexAI(true).project(projectId).location(location);
    if (present(baseUrl)) {
      http.baseUrl(baseUrl);
      client.credentials(GoogleCredentials.create(
          new AccessToken(LOCAL_TOKEN, Date.from(Instant.parse("2100-01-01T00:00:00Z")))));
    }
    return GenAiNoSilentRetry.apply(client.httpOptions(http.build()).build());
  }

  /** The runtime identity signs (IAM signBlob), or a local key file when one is given. */
  public static ServiceAccountSigner signer(String localKeyFile) {
    return signer(localKeyFile, null);
  }

  /**
   * A URL signer: the local key file when given; else {@code serviceAccountEmail} through IAM
   * signBlob (the runtime account needs roles/iam.serviceAccountTokenCreator on it); else the
   * Application Default Credentials themselves (on Cloud Run: the runtime account, which signs
   * through IAM signBlob too).
   */
  public static ServiceAccountSigner signer(String localKeyFile, String serviceAccountEmail) {
    if (present(localKeyFile)) {
      return LocalKeySigner.fromFile(Path.of(localKeyFile));
    }
    GoogleCredentials adc;
    try {
      adc = GoogleCredentials.getApplicationDefault();
    } catch (IOException e) {
      throw new UncheckedIOException("no Application Default Credentials to sign URLs with", e);
    }
    if (present(serviceAccountEmail)) {
      return ImpersonatedCredentials.create(adc, serviceAccountEmail, null, List.of(CLOUD_PLATFORM), 3600);
    }
    if (adc instanceof ServiceAccountSigner signer) {
      return signer;
    }
    throw new IllegalStateException("the Application Default Credentials (" + adc.getClass().getSimpleName()
        + ") cannot sign URLs; name the signing service account");
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  /** {@code host:port}, whether or not the value came with a scheme. */
  static String hostPort(String value) {
    String v = value.trim();
    int scheme = v.indexOf("://");
    if (scheme >= 0) {
      v = v.substring(scheme + 3);
    }
    return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
  }

  /** {@code http://host:port}, adding the scheme when the value has none. */
  static String baseUrl(String value) {
    String v = value.trim();
    if (v.endsWith("/")) {
      v = v.substring(0, v.length() - 1);
    }
    return v.contains("://") ? v : "http://" + v;
  }

  private static ApiClock apiClock(Clock clock) {
    return new ApiClock() {
      @Override
      public long nanoTime() {
        // Elapsed-time measurements (retry budgets) stay on the real clock.
        return System.nanoTime();
      }

      @Override
      public long millisTime() {
        return clock.millis();
      }
    };
  }
}
