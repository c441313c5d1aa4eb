package dev.veojobs.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.CloudTasksSettings;
import com.google.cloud.tasks.v2.HttpMethod;
import com.google.cloud.tasks.v2.OidcToken;
import com.google.cloud.tasks.v2.Task;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.sun.net.httpserver.HttpServer;
import dev.veojobs.emulators.auth.AuthEmulator;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.stack.LocalStack;
import dev.veojobs.emulators.stack.LocalStackOptions;
import dev.veojobs.emulators.stack.config.ExternalEmulators;
import dev.veojobs.emulators.tasks.DispatchRecord;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The security model, shown through the real functions: the local stack runs jobs-api, job-worker
 * and job-finalizer under the Functions Framework invoker against the emulators, with
 * {@code AUTH_MODE=firebase} verifying ID tokens against the local Auth emulator's JWKS (and its
 * accounts:lookup for revocation), exactly as production verifies Google's. Two stacks, one after
 * the other: production webhook rules (no loopback), then the local allowlist that lets a loopback
 * receiver get real deliveries.
 */
class SecurityIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final byte[] SECRET_KEY = "veo-jobs-security-it-webhook-key".getBytes(StandardCharsets.US_ASCII);
  static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(SECRET_KEY);
  static final String PROJECT = "demo-veo-jobs";
  static final int UPLOAD_MAX_BYTES = 1024;

  /** The stack plus the Auth emulator it trusts, and a Firestore client to count what was stored. */
  static final class SecureStack implements AutoCloseable {
    final EmulatorClock clock = EmulatorClock.system();
    final AuthEmulator auth;
    final LocalStack stack;
    final Firestore firestore;

    SecureStack(boolean allowLoopbackWebhooks) {
      auth = AuthEmulator.builder().clock(clock).projectId(PROJECT).build().start();
      stack = LocalStack.start(LocalStackOptions.builder()
          .configDirectory(Path.of("..", "emulator-config"))
          .webDirectory(Path.of("..", "web"))
          .freePorts()
          .clock(clock)
          .externalEmulators(ExternalEmulators.none())
          // Jobs stay in flight for the whole test: nothing here needs Veo to finish.
          .veoLatency(Duration.ofHours(1))
          .functionSetting("AUTH_MODE", "firebase")
          .functionSetting("FIREBASE_AUTH_JWKS_URL", auth.jwksUrl())
          .functionSetting("FIREBASE_AUTH_EMULATOR_HOST", auth.hostAndPort())
          .functionSetting("WEBHOOK_ALLOW_LOOPBACK", Boolean.toString(allowLoopbackWebhooks))
          .functionSetting("WEBHOOK_SECRETS", SECRET)
          .functionSetting("USER_MAX_IN_FLIGHT", "2")
          .functionSetting("USER_MAX_JOBS_PER_DAY", "3")
          .functionSetting("GLOBAL_MAX_IN_FLIGHT", "8")
          .functionSetting("UPLOAD_MAX_BYTES", Integer.toString(UPLOAD_MAX_BYTES))
          .build());
      assertThat(stack.projectId()).isEqualTo(PROJECT);
      firestore = FirestoreOptions.newBuilder().setProjectId(PROJECT).setEmulatorHost(stack.firestoreHost()).build()
          .getService();
    }

    Reply call(String method, String url, String token, String contentType, byte[] body, Map<String, String> headers) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      headers.forEach(request::header);
      // A fresh connection per call: a function may answer 401 before reading the body and close the
      // connection, and a pooled client could pick that closed connection for the next request.
      try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response.headers().map());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    Reply api(String method, String path, String token, String json) {
      return call(method, stack.apiUrl() + path, token, json == null ? null : "application/json",
          json == null ? null : json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    Reply create(String token, String json) {
      return api("POST", "/v1/jobs", token, json);
    }

    String createdJob(String token, String json) {
      Reply reply = create(token, json);
      assertThat(reply.status()).as(reply.body()).isEqualTo(202);
      return reply.json().get("id").asText();
    }

    int jobCount() {
      try {
        return firestore.collection("jobs").get().get().size();
      } catch (InterruptedException | ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }

    JsonNode job(String token, String id) {
      Reply reply = api("GET", "/v1/jobs/" + id, token, null);
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      return reply.json();
    }

    String imageUri(String uid) {
      return "gs://" + stack.bucket() + "/uploads/" + uid + "/" + HexFormat.of().formatHex(randomBytes(16)) + ".png";
    }

    @Override
    public void close() {
      try {
        firestore.close();
      } catch (Exception e) {
        // Closing a client of an emulator that is about to stop cannot fail the test.
      }
      stack.close();
      auth.close();
    }
  }

  record Reply(int status, String body, Map<String, List<String>> headers) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .findFirst().map(e -> e.getValue().get(0)).orElse(null);
    }

    /** What every answer of every function must look like, errors included. */
    Reply assertHardened() {
      assertThat(header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(header("Cache-Control")).contains("no-store");
      assertThat(header("Content-Security-Policy")).contains("default-src 'none'");
      assertThat(body).doesNotContain("Exception", "dev.veojobs", "\tat ", "com.google", "nimbus");
      return this;
    }

    Reply assertError(int expectedStatus, String code) {
      assertHardened();
      assertThat(status).as(body).isEqualTo(expectedStatus);
      assertThat(json().at("/error/code").asText()).isEqualTo(code);
      return this;
    }
  }

  static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static String job(String prompt) {
    return "{\"prompt\":\"" + prompt + "\"}";
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class ProductionRules {
    SecureStack s;

    @BeforeAll
    void start() {
      s = new SecureStack(false);
    }

    @AfterAll
    void stop() {
      s.close();
    }

    String tokenWith(String uid, java.util.function.UnaryOperator<JWTClaimsSet.Builder> bend) {
      s.auth.signInAs(uid);
      return s.auth.sign(bend.apply(s.auth.claimsFor(uid)).build());
    }

    @Test
    @Order(1)
    void tokensThatProveNothingAre401WithTheSamePublicAnswer() {
      Date past = Date.from(Instant.now().minus(Duration.ofHours(2)));
      Map<String, String> tokens = new java.util.LinkedHashMap<>();
      tokens.put("malformed", "not.a.jwt");
      tokens.put("garbage", "abc");
      tokens.put("expired", tokenWith("mallory", c -> c.issueTime(past)
          .expirationTime(Date.from(Instant.now().minus(Duration.ofHours(1))))));
      tokens.put("wrong audience", tokenWith("mallory", c -> c.audience("another-project")));
      tokens.put("wrong issuer", tokenWith("mallory", c -> c.issuer("https://securetoken.google.com/another-project")));
      tokens.put("unsigned (alg none)", new PlainJWT(s.auth.claimsFor("mallory").build()).serialize());
      tokens.put("good token, forged signature", s.auth.signInAs("mallory").replaceAll("\\.[^.]+$", ".AAAA"));

      Reply missing = s.api("GET", "/v1/jobs", null, null).assertError(401, "UNAUTHENTICATED");
      assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(missing.json().at("/error/message").asText()).isEqualTo(UnauthenticatedException.PUBLIC_MESSAGE);
      int before = s.jobCount();
      tokens.forEach((kind, token) -> {
        Reply read = s.api("GET", "/v1/jobs", token, null).assertError(401, "UNAUTHENTICATED");
        Reply create = s.create(token, job("a cat")).assertError(401, "UNAUTHENTICATED");
        assertThat(read.header("WWW-Authenticate")).as(kind).startsWith("Bearer");
        assertThat(create.json().at("/error/message").asText()).as(kind).isEqualTo(UnauthenticatedException.PUBLIC_MESSAGE);
      });
      assertThat(s.jobCount()).isEqualTo(before);
      // The same stack accepts a genuine token: the 401s above are about the tokens, not the setup.
      assertThat(s.api("GET", "/v1/jobs", s.auth.signInAs("mallory"), null).assertHardened().status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aRevokedSessionCanNoLongerSpendMoneyButStillReads() {
      String token = s.auth.signInAs("revoked-user");
      String id = s.createdJob(token, job("before revocation"));
      s.clock.advance(Duration.ofSeconds(2));
      s.auth.revokeTokens("revoked-user");

      s.create(token, job("after revocation")).assertError(401, "UNAUTHENTICATED");
      assertThat(s.job(token, id).get("id").asText()).isEqualTo(id);
    }

    @Test
    @Order(3)
    void anotherUsersJobIsNotFound() {
      String alice = s.auth.signInAs("alice");
      String bob = s.auth.signInAs("bob");
      String id = s.createdJob(alice, "{\"prompt\":\"alice's cat\",\"node_id\":\"alice-node\"}");

      s.api("GET", "/v1/jobs/" + id, bob, null).assertError(404, "NOT_FOUND");
      s.api("POST", "/v1/jobs/" + id + ":cancel", bob, null).assertError(404, "NOT_FOUND");
      s.api("GET", "/v1/nodes/alice-node/jobs/latest", bob, null).assertError(404, "NOT_FOUND");
      assertThat(s.api("GET", "/v1/jobs", bob, null).json().get("jobs")).isEmpty();
      // An owner field in the body is just an unknown field: the owner is the token's uid.
      s.create(bob, "{\"prompt\":\"x\",\"owner_uid\":\"alice\"}").assertError(400, "INVALID_ARGUMENT");
      assertThat(s.job(alice, id).get("status").asText()).isNotEqualTo("CANCELED");
    }

    /**
     * Issue 11 item 1: B naming A's node took A's node over and A's later updates were ignored. A
     * node now belongs to the user who first used it; B's job naming it is 404, nothing is created
     * or billed, and A's node keeps following A's job.
     */
    @Test
    @Order(3)
    void anotherUsersNodeIsNotFoundAndCannotBeTakenOver() throws Exception {
      String owner = s.auth.signInAs("node-owner");
      String thief = s.auth.signInAs("node-thief");
      String id = s.createdJob(owner, "{\"prompt\":\"owner's cat\",\"node_id\":\"shared-node\"}");
      int before = s.jobCount();

      Reply taken = s.create(thief, "{\"prompt\":\"thief's cat\",\"node_id\":\"shared-node\"}")
          .assertError(404, "NOT_FOUND");

      assertThat(taken.json().at("/error/details/0/field").asText()).isEqualTo("node_id");
      assertThat(s.jobCount()).isEqualTo(before);
      assertThat(s.firestore.collection("usage").document("node-thief").collection("days").get().get().isEmpty())
          .as("nothing billed to the refused caller").isTrue();
      s.api("GET", "/v1/nodes/shared-node/jobs/latest", thief, null).assertError(404, "NOT_FOUND");
      assertThat(s.api("GET", "/v1/nodes/shared-node/jobs/latest", owner, null).json().get("id").asText())
          .isEqualTo(id);
      // The owner's later updates still reach the node.
      assertThat(s.api("POST", "/v1/jobs/" + id + ":cancel", owner, null).status()).isEqualTo(200);
      var node = s.firestore.collection("nodes").document("shared-node").get().get();
      assertThat(node.getString("job_id")).isEqualTo(id);
      assertThat(node.getString("status")).isEqualTo("CANCELED");
      assertThat(node.getString("owner_uid")).isEqualTo("node-owner");
    }

    @Test
    @Order(4)
    void privateFunctionsNeedTheirOwnOidcTokenWhateverTheHeadersSay() {
      String payload = "{\"job_id\":\"forged-job\",\"step\":\"start\",\"attempt\":1,\"poll\":0}";
      Map<String, String> forged = Map.of(
          "X-CloudTasks-QueueName", s.stack.queueName(),
          "X-CloudTasks-TaskName", "forged-job-start",
          "X-CloudTasks-TaskRetryCount", "0",
          "X-CloudTasks-TaskExecutionCount", "0");
      String firebaseToken = s.auth.signInAs("mallory");
      List<String> targets = List.of(s.stack.workerUrl() + "/", s.stack.workerUrl() + "/sweep",
          s.stack.finalizerUrl() + "/", s.stack.finalizerUrl() + "/webhooks");
      for (String target : targets) {
        for (String token : java.util.Arrays.asList(null, "garbage", firebaseToken)) {
          Reply reply = s.call("POST", target, token, "application/json", payload.getBytes(StandardCharsets.UTF_8), forged);
          reply.assertError(401, "UNAUTHENTICATED");
          assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
      }
      // Only the forged job is looked for: earlier tests' jobs may start at any moment meanwhile.
      assertThat(s.stack.veo().starts()).noneMatch(start -> start.parametersJson().contains("/forged-job/"));
      // Real deliveries from the Cloud Tasks emulator carry a valid token and get through.
      await("a start task accepted by the worker", () -> s.stack.tasks().dispatches().stream()
          .anyMatch(d -> d.taskId().endsWith("-start") && d.responseStatus() == 200));
    }

    /**
     * Genuine tokens from the Cloud Tasks emulator, minted for the wrong audience or account by
     * tasks whose target is a local catcher, then replayed to the functions.
     */
    @Test
    @Order(5)
    void genuineTaskTokensForAnotherAudienceOrAccountAreRefused() throws Exception {
      List<String> caught = Collections.synchronizedList(new ArrayList<>());
      HttpServer catcher = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      catcher.createContext("/", exchange -> {
        caught.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      });
      catcher.start();
      String invoker = s.stack.functionEnvironment().get("TASKS_INVOKER_SA");
      String worker = s.stack.workerUrl();
      String finalizer = s.stack.finalizerUrl();
      try (CloudTasksClient tasks = CloudTasksClient.create(CloudTasksSettings.newBuilder()
          .setCredentialsProvider(NoCredentialsProvider.create())
          .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
              .setEndpoint(s.stack.tasks().endpoint())
              .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
              .build())
          .build())) {
        String base = "http://localhost:" + catcher.getAddress().getPort();
        Map<String, String[]> mint = Map.of(
            "/for-worker", new String[] {invoker, worker},
            "/for-elsewhere", new String[] {invoker, "https://evil.example.com"},
            "/other-account", new String[] {"someone@" + PROJECT + ".iam.gserviceaccount.com", worker});
        mint.forEach((path, who) -> tasks.createTask(s.stack.queueName(), Task.newBuilder()
            .setHttpRequest(com.google.cloud.tasks.v2.HttpRequest.newBuilder()
                .setUrl(base + path)
                .setHttpMethod(HttpMethod.POST)
                .setOidcToken(OidcToken.newBuilder().setServiceAccountEmail(who[0]).setAudience(who[1])))
            .build()));
        await("three minted tokens", () -> caught.size() >= 3);
      } finally {
        catcher.stop(0);
      }
      Map<String, String> tokenOf = new java.util.HashMap<>();
      caught.forEach(line -> tokenOf.put(line.substring(0, line.indexOf(' ')), line.substring(line.indexOf("Bearer ") + 7)));
      byte[] sweep = "{}".getBytes(StandardCharsets.UTF_8);
      Map<String, String> forged = Map.of("X-CloudTasks-QueueName", s.stack.queueName());

      // The worker's own token works (the check is not simply closed)...
      assertThat(s.call("POST", worker + "/sweep", tokenOf.get("/for-worker"), "application/json", sweep, forged)
          .assertHardened().status()).isEqualTo(200);
      // ...but not on the finalizer, and no token for another audience or account works on the worker.
      s.call("POST", finalizer + "/", tokenOf.get("/for-worker"), "application/json", sweep, forged)
          .assertError(401, "UNAUTHENTICATED");
      s.call("POST", worker + "/sweep", tokenOf.get("/for-elsewhere"), "application/json", sweep, forged)
          .assertError(401, "UNAUTHENTICATED");
      s.call("POST", worker + "/sweep", tokenOf.get("/other-account"), "application/json", sweep, forged)
          .assertError(401, "UNAUTHENTICATED");
    }

    @Test
    @Order(6)
    void oversizedWrongTypeAndMalformedBodiesAreRefused() {
      String token = s.auth.signInAs("body-user");
      int before = s.jobCount();
      byte[] big = ("{\"prompt\":\"" + "a".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
      for (String path : List.of("/v1/jobs", "/v1/uploads")) {
        String url = s.stack.apiUrl() + path;
        s.call("POST", url, token, "application/json", big, Map.of()).assertError(413, "PAYLOAD_TOO_LARGE");
        s.call("POST", url, token, "text/plain", "{}".getBytes(StandardCharsets.UTF_8), Map.of())
            .assertError(415, "UNSUPPORTED_MEDIA_TYPE");
        s.call("POST", url, token, "application/json", "{\"prompt\":".getBytes(StandardCharsets.UTF_8), Map.of())
            .assertError(400, "INVALID_ARGUMENT");
      }
      s.create(token, "{\"prompt\":\"x\",\"parameters\":{\"duration_seconds\":5}}").assertError(400, "INVALID_ARGUMENT");
      s.create(token, "{\"prompt\":\"" + "p".repeat(5000) + "\"}").assertError(400, "INVALID_ARGUMENT");
      s.create(token, "{\"prompt\":\"x\",\"image\":{\"gcs_uri\":\"gs://other-bucket/uploads/body-user/a.png\"}}")
          .assertError(400, "INVALID_ARGUMENT");
      s.api("POST", "/v1/uploads", token, "{\"content_type\":\"image/gif\"}").assertError(400, "INVALID_ARGUMENT");
      s.api("POST", "/v1/uploads", token, "{\"content_type\":\"image/png\",\"size_bytes\":" + (UPLOAD_MAX_BYTES + 1) + "}")
          .assertError(400, "INVALID_ARGUMENT");
      assertThat(s.jobCount()).isEqualTo(before);
    }

    @Test
    @Order(7)
    void webhookUrlsIntoOurNetworkAreRefusedAtCreate() {
      String token = s.auth.signInAs("ssrf-user");
      int before = s.jobCount();
      for (String url : List.of("https://127.0.0.1/hook", "https://10.0.0.1/hook", "https://10.255.1.2:8443/hook",
          "https://169.254.169.254/latest/meta-data/", "https://[::1]/hook", "https://[::ffff:10.0.0.1]/hook",
          "https://localhost/hook", "https://localhost./hook", "http://localhost:8080/hook",
          "https://metadata.google.internal/computeMetadata/v1/", "https://2130706433/hook",
          "https://0x7f.0.0.1/hook", "https://user:pw@hooks.example.com/hook", "ftp://hooks.example.com/")) {
        Reply reply = s.create(token, "{\"prompt\":\"x\",\"webhook_url\":\"" + url + "\"}").assertError(400, "INVALID_ARGUMENT");
        assertThat(reply.json().at("/error/details/0/field").asText()).as(url).isEqualTo("webhook_url");
      }
      assertThat(s.jobCount()).isEqualTo(before);
    }

    @Test
    @Order(8)
    void theStoredImageIsCheckedBeforeVeoSeesIt() throws Exception {
      String token = s.auth.signInAs("upload-user");
      Reply ticket = s.api("POST", "/v1/uploads", token, "{\"content_type\":\"image/png\",\"size_bytes\":100}");
      assertThat(ticket.assertHardened().status()).as(ticket.body()).isEqualTo(201);
      JsonNode t = ticket.json();
      assertThat(t.get("gcs_uri").asText()).startsWith("gs://" + s.stack.bucket() + "/uploads/upload-user/");
      // The browser lies about the size: the signed URL binds the type, the worker checks the size.
      byte[] tooBig = new byte[UPLOAD_MAX_BYTES * 2];
      System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, tooBig, 0, 8);
      Reply wrongType = s.call("PUT", t.get("upload_url").asText(), null, "image/jpeg", tooBig, Map.of());
      assertThat(wrongType.status()).isEqualTo(403);
      Reply put = s.call("PUT", t.get("upload_url").asText(), null, t.at("/headers/Content-Type").asText(), tooBig, Map.of());
      assertThat(put.status()).isEqualTo(200);

      String prompt = "oversized image " + System.nanoTime();
      String id = s.createdJob(token, "{\"prompt\":\"" + prompt + "\",\"image\":{\"gcs_uri\":\""
          + t.get("gcs_uri").asText() + "\",\"mime_type\":\"image/png\"}}");

      await("the job to fail", () -> s.job(token, id).get("status").asText().equals("FAILED"));
      assertThat(s.job(token, id).at("/error/code").asText()).isEqualTo("INVALID_ARGUMENT");
      assertThat(s.stack.veo().starts()).noneMatch(start -> start.prompt().equals(prompt));
    }

    @Test
    @Order(9)
    void eachQuotaAnswers429WithRetryAfterAndCreatesNothing() {
      String q = s.auth.signInAs("quota-user");
      s.createdJob(q, job("one"));
      s.createdJob(q, job("two"));
      int before = s.jobCount();
      Reply inFlight = s.create(q, job("three")).assertError(429, "RESOURCE_EXHAUSTED");
      assertThat(inFlight.header("Retry-After")).matches("[1-9][0-9]*");
      assertThat(inFlight.json().at("/error/details/0/reason").asText()).isEqualTo("per_user_in_flight");
      assertThat(inFlight.json().at("/error/message").asText()).contains("in progress");
      assertThat(s.jobCount()).isEqualTo(before);

      String d = s.auth.signInAs("daily-user");
      for (int i = 0; i < 3; i++) {
        String id = s.createdJob(d, job("daily " + i));
        assertThat(s.api("POST", "/v1/jobs/" + id + ":cancel", d, null).status()).isEqualTo(200);
      }
      int beforeDaily = s.jobCount();
      Reply daily = s.create(d, job("daily 3")).assertError(429, "RESOURCE_EXHAUSTED");
      assertThat(daily.header("Retry-After")).matches("[1-9][0-9]*");
      assertThat(daily.json().at("/error/details/0/reason").asText()).isEqualTo("per_user_per_day");
      assertThat(s.jobCount()).isEqualTo(beforeDaily);

      List<String> reasons = new ArrayList<>();
      for (int i = 0; i < 10 && reasons.isEmpty(); i++) {
        String g = s.auth.signInAs("global-user-" + i);
        int count = s.jobCount();
        Reply reply = s.create(g, job("global " + i));
        if (reply.status() == 429) {
          reply.assertError(429, "RESOURCE_EXHAUSTED");
          assertThat(reply.header("Retry-After")).matches("[1-9][0-9]*");
          reasons.add(reply.json().at("/error/details/0/reason").asText());
          assertThat(s.jobCount()).isEqualTo(count);
        }
      }
      assertThat(reasons).containsExactly("global_in_flight");
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class LocalWebhookReceiver {
    SecureStack s;
    HttpServer receiver;
    final List<Map<String, String>> deliveries = Collections.synchronizedList(new ArrayList<>());
    final List<String> paths = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void start() throws IOException {
      s = new SecureStack(true);
      receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      receiver.createContext("/", exchange -> {
        paths.add(exchange.getRequestURI().getPath());
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (exchange.getRequestURI().getPath().equals("/redirect")) {
          exchange.getResponseHeaders().add("Location", "http://localhost:" + receiver.getAddress().getPort() + "/moved");
          exchange.sendResponseHeaders(302, -1);
        } else {
          Map<String, String> delivery = new java.util.HashMap<>();
          exchange.getRequestHeaders().forEach((k, v) -> delivery.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
          delivery.put("body", new String(body, StandardCharsets.UTF_8));
          deliveries.add(delivery);
          exchange.sendResponseHeaders(204, -1);
        }
        exchange.close();
      });
      receiver.start();
    }

    @AfterAll
    void stop() {
      receiver.stop(0);
      s.close();
    }

    String hook(String path) {
      return "http://localhost:" + receiver.getAddress().getPort() + path;
    }

    /** A job whose input image was never uploaded: the worker fails it at once, which sends job.failed. */
    String failingJob(String uid, String webhookUrl) {
      String token = s.auth.signInAs(uid);
      return s.createdJob(token, "{\"prompt\":\"webhook test\",\"webhook_url\":\"" + webhookUrl
          + "\",\"image\":{\"gcs_uri\":\"" + s.imageUri(uid) + "\",\"mime_type\":\"image/png\"}}");
    }

    @Test
    void aDeliveredWebhookVerifiesIndependentlyAndATamperedOneDoesNot() throws Exception {
      String id = failingJob("hook-user", hook("/hook"));

      await("the job.failed webhook", () -> deliveries.stream().anyMatch(d -> d.get("body").contains(id)));
      Map<String, String> d = deliveries.stream().filter(x -> x.get("body").contains(id)).findFirst().orElseThrow();
      JsonNode body = JSON.readTree(d.get("body"));
      assertThat(body.get("type").asText()).isEqualTo("job.failed");
      assertThat(body.at("/data/job_id").asText()).isEqualTo(id);
      assertThat(body.at("/data/error/code").asText()).isEqualTo("INVALID_ARGUMENT");
      assertThat(d.get("content-type")).startsWith("application/json");

      String msgId = d.get("webhook-id");
      String timestamp = d.get("webhook-timestamp");
      String signatures = d.get("webhook-signature");
      assertThat(StandardWebhooks.verify(SECRET, msgId, timestamp, d.get("body"), signatures)).isTrue();
      assertThat(StandardWebhooks.verify(SECRET, msgId, timestamp, d.get("body").replace(id, id + "x"), signatures)).isFalse();
      assertThat(StandardWebhooks.verify(SECRET, msgId, Long.toString(Long.parseLong(timestamp) + 1), d.get("body"),
          signatures)).isFalse();
      assertThat(StandardWebhooks.verify(SECRET, msgId + "x", timestamp, d.get("body"), signatures)).isFalse();
      assertThat(StandardWebhooks.verify("whsec_" + Base64.getEncoder().encodeToString(new byte[32]), msgId, timestamp,
          d.get("body"), signatures)).isFalse();
      await("the webhook task to finish", () -> webhookTask(id).stream().anyMatch(r -> r.responseStatus() == 200));
    }

    @Test
    void aRedirectAtDeliveryIsNeverFollowed() {
      String id = failingJob("redirect-user", hook("/redirect"));

      await("the webhook task to give up with 200", () -> webhookTask(id).stream().anyMatch(r -> r.responseStatus() == 200));
      assertThat(paths).contains("/redirect").doesNotContain("/moved");
    }

    List<DispatchRecord> webhookTask(String jobId) {
      return s.stack.tasks().dispatches().stream().filter(r -> r.taskId().equals(jobId + "-webhook-failed")).toList();
    }
  }

  /**
   * The receiver's side of Standard Webhooks, written from the spec rather than from our signer:
   * HMAC-SHA256 keyed with the base64 part of {@code whsec_…}, over {@code id.timestamp.body}, compared in
   * constant time with each space-separated {@code v1,<base64>} entry, and a timestamp within five minutes.
   */
  static final class StandardWebhooks {
    static boolean verify(String secret, String msgId, String timestamp, String body, String signatureHeader) {
      try {
        long ts = Long.parseLong(timestamp);
        if (Math.abs(Instant.now().getEpochSecond() - ts) > 300) {
          return false;
        }
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = mac.doFinal((msgId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        for (String entry : signatureHeader.split(" ")) {
          String[] parts = entry.split(",", 2);
          if (parts.length == 2 && parts[0].equals("v1")
              && MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
            return true;
          }
        }
        return false;
      } catch (Exception e) {
        return false;
      }
    }
  }
}
