package dev.veojobs.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.auth.ServiceAccountSigner;
import com.google.cloud.storage.Storage;
import dev.veojobs.app.SignedUrl;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.storage.StorageEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V4 signed URLs from a local key file, used with plain java.net.http against the Storage
 * emulator, which verifies the signature with the key's public half and checks expiry on the
 * shared clock.
 */
class GcsUrlSignerIT {
  private static final String PROJECT = "veo-jobs-it";
  private static final String BUCKET = "videos-it";
  private static final String SIGNER = "url-signer@veo-jobs-it.iam.gserviceaccount.com";
  private static final EmulatorClock CLOCK = EmulatorClock.manual(Instant.parse("2026-03-01T10:00:00Z"));
  private static final byte[] VIDEO = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static StorageEmulator emulator;
  private static Storage storage;
  private static GcsUrlSigner signer;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    Path keyFile = dir.resolve("url-signer.json");
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    Files.writeString(keyFile, "{\"client_email\":\"" + SIGNER + "\",\"private_key\":\"" + pem.replace("\n", "\\n") + "\"}");

    emulator = StorageEmulator.builder().clock(CLOCK).build().start();
    emulator.trustSigner(SIGNER, keys.getPublic());
    storage = GcpClients.storage(PROJECT, emulator.baseUrl(), CLOCK);
    ServiceAccountSigner local = GcpClients.signer(keyFile.toString());
    assertThat(local.getAccount()).isEqualTo(SIGNER);
    signer = new GcsUrlSigner(storage, local, emulator.baseUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    storage.close();
    emulator.close();
  }

  @BeforeEach
  void clean() {
    emulator.reset();
    emulator.createBucket(BUCKET);
    emulator.putObject(BUCKET, "videos/u1/j1.mp4", VIDEO, "video/mp4");
  }

  private static HttpResponse<byte[]> get(String url, String range) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (range != null) {
      request.header("Range", range);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void aSignedGetUrlIsHttpAndDownloadsTheBytes() throws Exception {
    SignedUrl url = signer.signGet(BUCKET, "videos/u1/j1.mp4", Duration.ofHours(1));
    assertThat(url.url()).startsWith(emulator.baseUrl() + "/").doesNotStartWith("gs://")
        .contains("X-Goog-Algorithm=GOOG4-RSA-SHA256").contains("X-Goog-Signature=");
    assertThat(url.expiresAt()).isEqualTo(CLOCK.instant().plus(Duration.ofHours(1)));

    HttpResponse<byte[]> response = get(url.url(), null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(VIDEO);
    assertThat(response.headers().firstValue("Content-Type")).contains("video/mp4");
  }

  @Test
  void aRangeRequestGetsPartialContentForSeeking() throws Exception {
    SignedUrl url = signer.signGet(BUCKET, "videos/u1/j1.mp4", Duration.ofMinutes(10));
    HttpResponse<byte[]> response = get(url.url(), "bytes=10-13");
    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(new String(response.body(), StandardCharsets.US_ASCII)).isEqualTo("abcd");
    assertThat(response.headers().firstValue("Content-Range")).contains("bytes 10-13/20");
  }

  @Test
  void theUrlStopsWorkingWhenItExpires() throws Exception {
    SignedUrl url = signer.signGet(BUCKET, "videos/u1/j1.mp4", Duration.ofMinutes(10));
    CLOCK.advance(Duration.ofMinutes(10).plusSeconds(1));
    assertThat(get(url.url(), null).statusCode()).isBetween(400, 403);
  }

  @Test
  void aUrlForOneObjectDoesNotOpenAnother() throws Exception {
    emulator.putObject(BUCKET, "videos/u2/secret.mp4", VIDEO, "video/mp4");
    SignedUrl url = signer.signGet(BUCKET, "videos/u1/j1.mp4", Duration.ofMinutes(10));
    String other = url.url().replace("videos/u1/j1.mp4", "videos/u2/secret.mp4");
    assertThat(get(other, null).statusCode()).isEqualTo(403);
  }

  @Test
  void aSignedPutUploadsWithTheSignedContentTypeOnly() throws Exception {
    SignedUrl url = signer.signPut(BUCKET, "uploads/u1/in.png", "image/png", Duration.ofMinutes(15));
    assertThat(url.url()).startsWith("http");
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};

    HttpResponse<String> wrongType = HTTP.send(HttpRequest.newBuilder(URI.create(url.url()))
        .header("Content-Type", "image/jpeg").PUT(HttpRequest.BodyPublishers.ofByteArray(png)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(wrongType.statusCode()).isEqualTo(403);
    assertThat(emulator.object(BUCKET, "uploads/u1/in.png")).isEmpty();

    HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(URI.create(url.url()))
        .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(png)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(emulator.object(BUCKET, "uploads/u1/in.png")).hasValueSatisfying(o -> {
      assertThat(o.data()).isEqualTo(png);
      assertThat(o.contentType()).isEqualTo("image/png");
    });
  }
}
