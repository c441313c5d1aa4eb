package dev.veojobs.gcp;

import com.google.genai.Client;
import java.lang.reflect.Field;
import okhttp3.OkHttpClient;

/**
 * Turns off OkHttp's silent re-send inside the Gen AI client. The SDK's own retry options do not
 * cover it: OkHttp, by default, sends a request again on a fresh connection when the first one
 * broke before an answer came back (retryOnConnectionFailure). For {@code predictLongRunning} that
 * is a second paid generation after Veo may already have accepted the first — measured against the
 * local Veo with a connection dropped after the request was read (see GenAiVideoModelIT). The
 * client exposes no hook for this, so the one OkHttpClient the SDK shares between its models and
 * operations is replaced, by reflection, with a copy that never re-sends; a connection failure then
 * surfaces as an error the start step treats as an unknown outcome and reconciles.
 */
final class GenAiNoSilentRetry {
  private GenAiNoSilentRetry() {}

  static Client apply(Client client) {
    try {
      SharedHttpClient shared = SharedHttpClient.of(client);
      shared.replace(shared.current().newBuilder().retryOnConnectionFailure(false).build());
      return client;
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Refusing to start beats running with a client that may pay twice for one video.
      throw new IllegalStateException("cannot turn off the Gen AI client's silent re-sends (google-genai changed?)", e);
    }
  }

  /** Whether the client would re-send a request after a connection failure. */
  static boolean resendsOnConnectionFailure(Client client) {
    try {
      return SharedHttpClient.of(client).current().retryOnConnectionFailure();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The SDK's one OkHttpClient field (ApiClient.httpClient) of {@code client}'s ApiClient. */
  private record SharedHttpClient(Object apiClient, Field field) {
    static SharedHttpClient of(Client client) throws ReflectiveOperationException {
      Field apiClientField = Client.class.getDeclaredField("apiClient");
      apiClientField.setAccessible(true);
      Field httpField = com.google.genai.ApiClient.class.getDeclaredField("httpClient");
      httpField.setAccessible(true);
      return new SharedHttpClient(apiClientField.get(client), httpField);
    }

    OkHttpClient current() throws ReflectiveOperationException {
      return (OkHttpClient) field.get(apiClient);
    }

    void replace(OkHttpClient http) throws ReflectiveOperationException {
      field.set(apiClient, http);
    }
  }
}
