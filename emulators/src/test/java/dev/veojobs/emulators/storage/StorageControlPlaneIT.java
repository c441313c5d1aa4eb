package dev.veojobs.emulators.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.ServiceAccount;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StorageControlPlaneIT {
  private final EmulatedStorage env = new EmulatedStorage();

  @AfterEach
  void close() throws Exception {
    env.close();
  }

  @Test
  void healthAnswersOk() {
    var response = RawHttp.get(env.emulator.baseUrl() + "/_emulator/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(RawHttp.json(response).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void objectsListsWhatIsStoredWithoutTheBytes() {
    env.emulator.createBucket("inspect-bucket");
    env.emulator.putObject("inspect-bucket", "b.txt", "bb".getBytes(StandardCharsets.UTF_8), "text/plain",
        Map.of("job_id", "j1"));
    env.storage.create(BlobInfo.newBuilder("inspect-bucket", "a/one.mp4").setContentType("video/mp4").build(),
        new byte[] {1, 2, 3});

    JsonNode list = RawHttp.json(RawHttp.get(env.emulator.baseUrl() + "/_emulator/objects?bucket=inspect-bucket"));

    assertThat(list).hasSize(2);
    assertThat(list.get(0).get("name").asText()).isEqualTo("a/one.mp4");
    assertThat(list.get(0).get("size").asLong()).isEqualTo(3);
    assertThat(list.get(0).get("contentType").asText()).isEqualTo("video/mp4");
    assertThat(list.get(1).get("name").asText()).isEqualTo("b.txt");
    assertThat(list.get(1).at("/metadata/job_id").asText()).isEqualTo("j1");
    assertThat(list.get(1).get("crc32c").asText()).isEqualTo(ExpectedChecksums.crc32c("bb".getBytes(StandardCharsets.UTF_8)));
    assertThat(RawHttp.get(env.emulator.baseUrl() + "/_emulator/objects?bucket=unknown").statusCode()).isEqualTo(404);
  }

  @Test
  void resetOverHttpDropsEverything() {
    env.emulator.createBucket("reset-bucket");
    env.emulator.putObject("reset-bucket", "x", new byte[] {1}, "text/plain");

    var response = RawHttp.send(RawHttp.request(env.emulator.baseUrl() + "/_emulator/reset")
        .POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(env.emulator.object("reset-bucket", "x")).isEmpty();
    assertThat(env.storage.get("reset-bucket")).isNull();
  }

  @Test
  void resetInProcessDropsObjectsAndOpenUploadSessions() {
    env.emulator.createBucket("reset-bucket");
    var initiated = RawHttp.send(RawHttp.request(env.emulator.baseUrl()
            + "/upload/storage/v1/b/reset-bucket/o?uploadType=resumable&name=pending.bin")
        .POST(HttpRequest.BodyPublishers.noBody()));
    String session = initiated.headers().firstValue("Location").orElseThrow();

    env.emulator.reset();

    assertThat(env.emulator.objects(null)).isEmpty();
    var resumed = RawHttp.send(RawHttp.request(session).PUT(HttpRequest.BodyPublishers.ofString("late")));
    assertThat(resumed.statusCode()).isEqualTo(404);
  }

  @Test
  void unimplementedMethodsAnswer501NamingTheMethod() {
    env.emulator.createBucket("plain-bucket");
    env.emulator.putObject("plain-bucket", "a", new byte[] {1}, "text/plain");

    assertThatThrownBy(() -> env.storage.getIamPolicy("plain-bucket"))
        .isInstanceOfSatisfying(StorageException.class, e -> {
          assertThat(e.getCode()).isEqualTo(501);
          assertThat(e.getMessage()).contains("GET /storage/v1/b/plain-bucket/iam");
        });
    assertThatThrownBy(() -> env.storage.createHmacKey(ServiceAccount.of("sa@veo-jobs-local.iam.gserviceaccount.com")))
        .isInstanceOfSatisfying(StorageException.class, e -> {
          assertThat(e.getCode()).isEqualTo(501);
          assertThat(e.getMessage()).contains("/hmacKeys");
        });
    assertThatThrownBy(() -> env.storage.compose(Storage.ComposeRequest.newBuilder()
        .addSource("a").setTarget(BlobInfo.newBuilder("plain-bucket", "b").build()).build()))
        .isInstanceOfSatisfying(StorageException.class, e -> {
          assertThat(e.getCode()).isEqualTo(501);
          assertThat(e.getMessage()).contains("POST /storage/v1/b/plain-bucket/o/b/compose");
        });

    var notifications = RawHttp.get(env.emulator.baseUrl() + "/storage/v1/b/plain-bucket/notificationConfigs");
    assertThat(notifications.statusCode()).isEqualTo(501);
    assertThat(RawHttp.json(notifications).at("/error/errors/0/reason").asText()).isEqualTo("notImplemented");
    var batch = RawHttp.send(RawHttp.request(env.emulator.baseUrl() + "/batch/storage/v1")
        .POST(HttpRequest.BodyPublishers.ofString("--x--")));
    assertThat(batch.statusCode()).isEqualTo(501);
    assertThat(env.storage.get(BlobId.of("plain-bucket", "a"))).isNotNull();
  }
}
