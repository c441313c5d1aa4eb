package dev.veojobs.emulators.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.HttpMethod;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StorageSignedUrlIT {
  private static final String BUCKET = "signed-bucket";
  private static final String VIDEO = "videos/u1/job 1.mp4";
  private static final String SIGNATURE_MISMATCH = "<?xml version='1.0' encoding='UTF-8'?><Error>"
      + "<Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the"
      + " signature you provided. Check your Google secret key and signing method.</Message><StringToSign>";

  private final EmulatedStorage env = new EmulatedStorage();
  private static final LocalSigner SIGNER = LocalSigner.generate("veo-jobs@veo-jobs-local.iam.gserviceaccount.com");
  private final byte[] video = new byte[200_000];

  @BeforeEach
  void setUp() {
    SIGNER.trustedBy(env.emulator);
    new Random(3).nextBytes(video);
    env.emulator.createBucket(BUCKET);
    env.emulator.putObject(BUCKET, VIDEO, video, "video/mp4");
  }

  @AfterEach
  void close() throws Exception {
    env.close();
  }

  @Test
  void signedGetServesTheObjectToAnyOrigin() {
    URL url = sign(BlobInfo.newBuilder(BUCKET, VIDEO).build(), Duration.ofMinutes(15));
    assertThat(url.toString()).startsWith(env.emulator.baseUrl() + "/" + BUCKET + "/videos/u1/job%201.mp4?")
        .contains("X-Goog-Algorithm=GOOG4-RSA-SHA256");

    HttpResponse<byte[]> response = RawHttp.send(RawHttp.request(url.toString())
        .header("Origin", "http://localhost:5173").GET());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(video);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("video/mp4");
    assertThat(response.headers().firstValue("Content-Length")).hasValue("200000");
    assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");

    String etag = response.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> revalidated = RawHttp.send(RawHttp.request(url.toString()).header("If-None-Match", etag));
    assertThat(revalidated.statusCode()).isEqualTo(304);
    assertThat(revalidated.body()).isEmpty();
  }

  @Test
  void signedGetHonoursRangeAsAVideoElementSeeks() {
    URL url = sign(BlobInfo.newBuilder(BUCKET, VIDEO).build(), Duration.ofMinutes(15));

    HttpResponse<byte[]> middle = RawHttp.send(RawHttp.request(url.toString()).header("Range", "bytes=1000-1999"));
    assertThat(middle.statusCode()).isEqualTo(206);
    assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/200000");
    assertThat(middle.headers().firstValue("Content-Length")).hasValue("1000");
    assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(video, 1000, 2000));

    HttpResponse<byte[]> openEnded = RawHttp.send(RawHttp.request(url.toString()).header("Range", "bytes=0-"));
    assertThat(openEnded.statusCode()).isEqualTo(206);
    assertThat(openEnded.headers().firstValue("Content-Range")).hasValue("bytes 0-199999/200000");

    HttpResponse<byte[]> beyond = RawHttp.send(RawHttp.request(url.toString()).header("Range", "bytes=300000-"));
    assertThat(beyond.statusCode()).isEqualTo(416);
    assertThat(RawHttp.text(beyond)).contains("<Code>InvalidRange</Code>");
  }

  @Test
  void signedHeadDescribesTheObjectWithoutABody() {
    URL head = sign(BlobInfo.newBuilder(BUCKET, VIDEO).build(), Duration.ofMinutes(15),
        Storage.SignUrlOption.httpMethod(HttpMethod.HEAD));

    HttpResponse<byte[]> response = RawHttp.send(RawHttp.request(head.toString())
        .method("HEAD", HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Length")).hasValue("200000");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("video/mp4");
    assertThat(response.body()).isEmpty();

    URL get = sign(BlobInfo.newBuilder(BUCKET, VIDEO).build(), Duration.ofMinutes(15));
    HttpResponse<byte[]> wrongVerb = RawHttp.send(RawHttp.request(get.toString())
        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(wrongVerb.statusCode()).as("the verb is part of what was signed").isEqualTo(403);
  }

  @Test
  void signedPutUploadsWithTheSignedContentType() {
    URL put = sign(BlobInfo.newBuilder(BUCKET, "uploads/u1/cat.png").build(), Duration.ofMinutes(10),
        Storage.SignUrlOption.httpMethod(HttpMethod.PUT),
        Storage.SignUrlOption.withExtHeaders(Map.of("Content-Type", "image/png")));
    assertThat(put.toString()).contains("X-Goog-SignedHeaders=content-type%3Bhost");
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10};

    HttpResponse<byte[]> wrongType = RawHttp.send(RawHttp.request(put.toString())
        .header("Content-Type", "image/jpeg").PUT(HttpRequest.BodyPublishers.ofByteArray(png)));
    assertThat(wrongType.statusCode()).isEqualTo(403);
    assertThat(RawHttp.text(wrongType)).startsWith(SIGNATURE_MISMATCH);
    assertThat(env.emulator.object(BUCKET, "uploads/u1/cat.png")).isEmpty();

    HttpResponse<byte[]> uploaded = RawHttp.send(RawHttp.request(put.toString())
        .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(png)));
    assertThat(uploaded.statusCode()).isEqualTo(200);
    assertThat(uploaded.headers().firstValue("x-goog-generation")).isPresent();
    assertThat(uploaded.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    StoredObject stored = env.emulator.object(BUCKET, "uploads/u1/cat.png").orElseThrow();
    assertThat(stored.data()).isEqualTo(png);
    assertThat(stored.contentType()).isEqualTo("image/png");
    assertThat(env.storage.get(BlobId.of(BUCKET, "uploads/u1/cat.png")).getContentType()).isEqualTo("image/png");
  }

  @Test
  void signedUrlExpiresByTheEmulatorClock() {
    URL url = sign(BlobInfo.newBuilder(BUCKET, VIDEO).build(), Duration.ofMinutes(15));

    env.clock.advance(Duration.ofMinutes(14));
    assertThat(RawHttp.send(RawHttp.request(url.toString())).statusCode()).isEqualTo(200);

    env.clock.advance(Duration.ofMinutes(2));
    HttpResponse<byte[]> expired = RawHttp.send(RawHttp.request(url.toString()));
    assertThat(expired.statusCode()).isEqualTo(400);
    assertThat(RawHttp.text(expired)).isEqualTo("<?xml version='1.0' encoding='UTF-8'?><Error>"
        + "<Code>ExpiredToken</Code><Message>Invalid argument.</Message><Details>The provided token has expired."
        + " Request signature expired at: 2030-01-15T10:15:00+00:00</Details></Error>");
  }

  @Test
  void tamperedPathIsRejectedWithTheStringToSign() {
    URL url = sign(BlobInfo.newBuilder(BUCKET, VIDEO).build(), Duration.ofMinutes(15));
    env.emulator.putObject(BUCKET, "videos/u2/other.mp4", new byte[] {1}, "video/mp4");

    HttpResponse<byte[]> response = RawHttp.send(RawHttp.request(
        url.toString().replace("/videos/u1/job%201.mp4", "/videos/u2/other.mp4")));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("xml"));
    String body = RawHttp.text(response);
    assertThat(body).startsWith(SIGNATURE_MISMATCH);
    assertThat(stringToSign(body)).matches(
        "GOOG4-RSA-SHA256\n20300115T100000Z\n20300115/auto/storage/goog4_request\n[0-9a-f]{64}");
  }

  @Test
  void tamperedParameterOrSignatureIsRejected() {
    String url = sign(BlobInfo.newBuilder(BUCKET, VIDEO).build(), Duration.ofMinutes(15)).toString();

    HttpResponse<byte[]> longer = RawHttp.send(RawHttp.request(url.replace("X-Goog-Expires=900", "X-Goog-Expires=9000")));
    assertThat(longer.statusCode()).isEqualTo(403);
    assertThat(RawHttp.text(longer)).startsWith(SIGNATURE_MISMATCH);

    HttpResponse<byte[]> extra = RawHttp.send(RawHttp.request(url + "&generation=1"));
    assertThat(extra.statusCode()).isEqualTo(403);

    Matcher signature = Pattern.compile("X-Goog-Signature=([0-9a-f]+)").matcher(url);
    assertThat(signature.find()).isTrue();
    String hex = signature.group(1);
    String flipped = (hex.charAt(0) == '0' ? '1' : '0') + hex.substring(1);
    HttpResponse<byte[]> forged = RawHttp.send(RawHttp.request(url.replace(hex, flipped)));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(RawHttp.text(forged)).startsWith(SIGNATURE_MISMATCH);
  }

  @Test
  void untrustedSignerIsRejectedButItsStringToSignMatchesWhatTheClientSigned() throws Exception {
    LocalSigner stranger = LocalSigner.generate("stranger@elsewhere.iam.gserviceaccount.com");
    String url = env.storage.signUrl(BlobInfo.newBuilder(BUCKET, VIDEO).build(), 15, TimeUnit.MINUTES,
        Storage.SignUrlOption.withV4Signature(), Storage.SignUrlOption.withHostName(env.emulator.baseUrl()),
        Storage.SignUrlOption.signWith(stranger.credentials())).toString();

    HttpResponse<byte[]> response = RawHttp.send(RawHttp.request(url));

    assertThat(response.statusCode()).isEqualTo(403);
    // The emulator's canonical request is the client's: the client's signature verifies over it.
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(stranger.keys().getPublic());
    rsa.update(stringToSign(RawHttp.text(response)).getBytes(StandardCharsets.UTF_8));
    Matcher signature = Pattern.compile("X-Goog-Signature=([0-9a-f]+)").matcher(url);
    assertThat(signature.find()).isTrue();
    assertThat(rsa.verify(HexFormat.of().parseHex(signature.group(1)))).isTrue();
  }

  @Test
  void storageBuiltWithTheServiceAccountSignsWithoutSignWith() throws Exception {
    try (Storage signing = StorageOptions.newBuilder().setProjectId(EmulatedStorage.PROJECT)
        .setHost(env.emulator.baseUrl()).setCredentials(SIGNER.credentials())
        .setClock(env.storage.getOptions().getClock()).build().getService()) {
      URL url = signing.signUrl(BlobInfo.newBuilder(BUCKET, VIDEO).build(), 5, TimeUnit.MINUTES,
          Storage.SignUrlOption.withV4Signature(), Storage.SignUrlOption.withHostName(env.emulator.baseUrl()));

      assertThat(RawHttp.send(RawHttp.request(url.toString())).body()).isEqualTo(video);
    }
  }

  @Test
  void namesWithReservedAndUnicodeCharactersVerify() {
    String name = "videos/u1/clip (1) ü+&=.mp4";
    env.emulator.putObject(BUCKET, name, new byte[] {4, 2}, "video/mp4");

    URL url = sign(BlobInfo.newBuilder(BUCKET, name).build(), Duration.ofMinutes(5));

    HttpResponse<byte[]> response = RawHttp.send(RawHttp.request(url.toString()));
    assertThat(response.statusCode()).as(RawHttp.text(response)).isEqualTo(200);
    assertThat(response.body()).containsExactly(4, 2);
  }

  @Test
  void unsignedAndMissingObjectRequestsAnswerLikeProduction() {
    HttpResponse<byte[]> anonymous = RawHttp.get(env.emulator.baseUrl() + "/" + BUCKET + "/videos/u1/job%201.mp4");
    assertThat(anonymous.statusCode()).isEqualTo(403);
    assertThat(RawHttp.text(anonymous)).contains("<Code>AccessDenied</Code>");

    URL missing = sign(BlobInfo.newBuilder(BUCKET, "videos/none.mp4").build(), Duration.ofMinutes(5));
    HttpResponse<byte[]> notFound = RawHttp.send(RawHttp.request(missing.toString()));
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(RawHttp.text(notFound)).isEqualTo("<?xml version='1.0' encoding='UTF-8'?><Error><Code>NoSuchKey</Code>"
        + "<Message>The specified key does not exist.</Message>"
        + "<Details>No such object: signed-bucket/videos/none.mp4</Details></Error>");
  }

  @Test
  void corsPreflightAllowsABrowserUpload() {
    HttpResponse<byte[]> preflight = RawHttp.send(RawHttp.request(env.emulator.baseUrl() + "/" + BUCKET + "/uploads/x.png")
        .header("Origin", "http://localhost:5173")
        .header("Access-Control-Request-Method", "PUT")
        .header("Access-Control-Request-Headers", "content-type")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
        methods -> assertThat(methods).contains("PUT").contains("GET"));
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("content-type");
  }

  private URL sign(BlobInfo blob, Duration ttl, Storage.SignUrlOption... extra) {
    List<Storage.SignUrlOption> options = new ArrayList<>(List.of(Storage.SignUrlOption.withV4Signature(),
        Storage.SignUrlOption.withHostName(env.emulator.baseUrl()),
        Storage.SignUrlOption.signWith(SIGNER.credentials())));
    options.addAll(List.of(extra));
    return env.storage.signUrl(blob, ttl.toSeconds(), TimeUnit.SECONDS,
        options.toArray(Storage.SignUrlOption[]::new));
  }

  private static String stringToSign(String xml) {
    Matcher m = Pattern.compile("<StringToSign>(.*?)</StringToSign>", Pattern.DOTALL).matcher(xml);
    assertThat(m.find()).as(xml).isTrue();
    return m.group(1);
  }
}
