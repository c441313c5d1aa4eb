package dev.veojobs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doThrow;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veojobs.app.CancelJob;
import dev.veojobs.app.CreateJob;
import dev.veojobs.app.CreateOutcome;
import dev.veojobs.app.GetJob;
import dev.veojobs.app.JobAlreadyTerminalException;
import dev.veojobs.app.JobNotFoundException;
import dev.veojobs.app.JobQuery;
import dev.veojobs.app.JobView;
import dev.veojobs.app.JobViewPage;
import dev.veojobs.app.LatestNodeJob;
import dev.veojobs.app.ListJobs;
import dev.veojobs.app.SignedUrl;
import dev.veojobs.app.Uploads;
import dev.veojobs.app.UrlSigner;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.FieldViolation;
import dev.veojobs.job.InvalidRequestException;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobRequest;
import dev.veojobs.job.JobStatus;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.job.TestJobs;
import dev.veojobs.job.VideoParameters;
import dev.veojobs.log.JsonLog;
import dev.veojobs.security.EmulatorIdTokenVerifier;
import dev.veojobs.security.RevocationCheck;
import dev.veojobs.security.upload.UploadPolicy;
import dev.veojobs.security.webhook.WebhookUrlPolicy;
import dev.veojobs.wiring.JobsApiUseCases;
import dev.veojobs.app.DeleteJob;
import dev.veojobs.app.ListJobEvents;
import dev.veojobs.app.RecordedEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class JobsApiFunctionTest {
  static final String APP = "https://app.example.com";
  static final String CREATE_BODY = """
      {"prompt":"a cat surfing at sunset","model":"veo-3.1-fast-generate-001",
       "parameters":{"duration_seconds":8,"aspect_ratio":"16:9","seed":42,"generate_audio":false},
       "node_id":"node-7"}""";
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  final CreateJob createJob = mock(CreateJob.class);
  final GetJob getJob = mock(GetJob.class);
  final ListJobs listJobs = mock(ListJobs.class);
  final LatestNodeJob latestNodeJob = mock(LatestNodeJob.class);
  final CancelJob cancelJob = mock(CancelJob.class);
  final List<String> signedPuts = new ArrayList<>();
  /** Records what it signs; a hand-written fake keeps the signature inputs visible to the assertions. */
  final UrlSigner signer = new UrlSigner() {
    @Override
    public SignedUrl signGet(String bucket, String objectName, Duration ttl) {
      throw new AssertionError("uploads never sign GETs");
    }

    @Override
    public SignedUrl signPut(String bucket, String objectName, String contentType, Duration ttl) {
      signedPuts.add(bucket + "/" + objectName + " " + contentType + " " + ttl);
      return new SignedUrl("https://storage.example.com/" + bucket + "/" + objectName + "?X-Goog-Signature=abc",
          Instant.parse("2026-03-01T12:15:00Z"));
    }
  };
  final Uploads uploads = new Uploads(new UploadPolicy("videos", 1024), signer, Duration.ofMinutes(15));
  final DeleteJob deleteJob = mock(DeleteJob.class);
  final ListJobEvents listJobEvents = mock(ListJobEvents.class);
  final JobsApiUseCases useCases = new JobsApiUseCases(createJob, getJob, listJobs, latestNodeJob, cancelJob, uploads,
      new WebhookUrlPolicy(host -> List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7})), false),
      deleteJob, listJobEvents);
  final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  final JsonLog log = new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8), "veo-test", Clock.systemUTC());
  final EmulatorIdTokenVerifier callers =
      new EmulatorIdTokenVerifier("demo-veo-jobs", RevocationCheck.disabled(), Clock.systemUTC(), Map.of());
  JobsApiFunction function = new JobsApiFunction(useCases, callers, List.of(APP), log);

  static FakeHttpRequest asAlice(FakeHttpRequest request) {
    return request.bearer(EmulatorTokens.forUid("alice"));
  }

  /** Every response is checked against the OpenAPI document and for the security headers. */
  FakeHttpResponse call(FakeHttpRequest request) throws Exception {
    FakeHttpResponse response = new FakeHttpResponse();
    function.service(request, response);
    OpenApiContract.jobsApi().assertValid(request, response);
    SecurityHeaders.ALL.forEach((name, value) -> assertThat(response.headerValues(name))
        .as("security header %s on %s %s", name, request.getMethod(), request.getPath())
        .containsExactly(value));
    if (response.status() != 204) {
      assertThat(response.getContentType()).contains("application/json; charset=utf-8");
    }
    String body = response.body();
    assertThat(body).doesNotContain("Exception", "dev.veojobs", "at java.", "\tat ");
    return response;
  }

  List<JsonNode> logLines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : logs.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(new ObjectMapper().readTree(line));
      }
    }
    return lines;
  }

  static void assertError(FakeHttpResponse response, int status, String code) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.json().at("/error/code").asText()).isEqualTo(code);
    assertThat(response.json().at("/error/message").asText()).isNotBlank();
  }

  @Nested
  class Create {
    @Test
    void queuesTheJobAndAnswers202WithIt() throws Exception {
      when(createJob.create(eq("alice"), any(), eq("key-1")))
          .thenReturn(new CreateOutcome.Created(ApiJobs.pending("j-1")));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/jobs").json(CREATE_BODY))
          .header("Idempotency-Key", "key-1"));

      assertThat(response.status()).isEqualTo(202);
      assertThat(response.header("Location")).contains("/v1/jobs/j-1");
      JsonNode job = response.json();
      assertThat(job.get("id").asText()).isEqualTo("j-1");
      assertThat(job.get("status").asText()).isEqualTo("PENDING");
      assertThat(job.get("stage").asText()).isEqualTo("QUEUED");
      assertThat(job.get("progress").asInt()).isZero();
      assertThat(job.at("/parameters/duration_seconds").asInt()).isEqualTo(8);
      assertThat(job.get("video_url").isNull()).isTrue();
      assertThat(job.get("created_at").asText()).isEqualTo("2026-03-01T12:00:00Z");
    }

    @Test
    void passesTheBodyAsPlainJsonValues() throws Exception {
      when(createJob.create(anyString(), any(), any())).thenReturn(new CreateOutcome.Created(ApiJobs.pending("j")));

      call(asAlice(FakeHttpRequest.post("/v1/jobs").json(CREATE_BODY)));

      @SuppressWarnings("unchecked")
      ArgumentCaptor<Map<String, Object>> body = ArgumentCaptor.forClass(Map.class);
      verify(createJob).create(eq("alice"), body.capture(), eq(null));
      assertThat(body.getValue()).containsEntry("prompt", "a cat surfing at sunset")
          .containsEntry("node_id", "node-7")
          .containsEntry("parameters", Map.of("duration_seconds", 8, "aspect_ratio", "16:9", "seed", 42,
              "generate_audio", false));
    }

    @Test
    void aReplayAnswers200WithTheSameJob() throws Exception {
      when(createJob.create(eq("alice"), any(), eq("key-1")))
          .thenReturn(new CreateOutcome.Replayed(ApiJobs.completed("j-1")));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/jobs").json(CREATE_BODY))
          .header("Idempotency-Key", "key-1"));

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.json().get("id").asText()).isEqualTo("j-1");
      assertThat(response.json().get("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void aKeyReusedForAnotherRequestIs409() throws Exception {
      when(createJob.create(any(), any(), any())).thenReturn(new CreateOutcome.KeyConflict("j-0"));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/jobs").json(CREATE_BODY))
          .header("Idempotency-Key", "key-1"));

      assertError(response, 409, "ALREADY_EXISTS");
      assertThat(response.json().at("/error/details/0/field").asText()).isEqualTo("Idempotency-Key");
    }

    /** Issue 11 item 1: another user's node answers like any other user's resource. */
    @Test
    void anotherUsersNodeIs404NamingNodeId() throws Exception {
      when(createJob.create(any(), any(), any())).thenReturn(new CreateOutcome.NodeNotFound("node-1"));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/jobs").json(CREATE_BODY)));

      assertError(response, 404, "NOT_FOUND");
      assertThat(response.json().at("/error/details/0/field").asText()).isEqualTo("node_id");
    }

    @Test
    void aReachedLimitIs429WithRetryAfterRoundedUp() throws Exception {
      when(createJob.create(any(), any(), any())).thenReturn(new CreateOutcome.LimitReached(
          "per_user_in_flight", "You already have 3 jobs running", Duration.ofMillis(29_500)));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/jobs").json(CREATE_BODY)));

      assertError(response, 429, "RESOURCE_EXHAUSTED");
      assertThat(response.header("Retry-After")).contains("30");
      assertThat(response.json().at("/error/message").asText()).isEqualTo("You already have 3 jobs running");
      assertThat(response.json().at("/error/details/0/reason").asText()).isEqualTo("per_user_in_flight");
    }

    @Test
    void aLimitWithoutHintStillSaysWhenToRetry() throws Exception {
      when(createJob.create(any(), any(), any()))
          .thenReturn(new CreateOutcome.LimitReached("global_in_flight", "Busy", null));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/jobs").json(CREATE_BODY)));

      assertThat(response.header("Retry-After")).contains("60");
    }

    @Test
    void invalidFieldsAre400NamingEachField() throws Exception {
      when(createJob.create(any(), any(), any())).thenThrow(new InvalidRequestException(List.of(
          new FieldViolation("parameters.duration_seconds", "must be one of 4, 6, 8"),
          new FieldViolation("colour", "is not a known field"))));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/jobs").json("{\"prompt\":\"x\"}")));

      assertError(response, 400, "INVALID_ARGUMENT");
      JsonNode error = response.json().get("error");
      assertThat(error.get("message").asText())
          .isEqualTo("parameters.duration_seconds must be one of 4, 6, 8 (and 1 more problems)");
      assertThat(error.at("/details/0/field").asText()).isEqualTo("parameters.duration_seconds");
      assertThat(error.at("/details/0/reason").asText()).isEqualTo("must be one of 4, 6, 8");
      assertThat(error.at("/details/1/field").asText()).isEqualTo("colour");
    }

    @Test
    void malformedJsonIs400AndNeverReachesTheUseCase() throws Exception {
      for (String body : List.of("{\"prompt\":", "not json", "{\"prompt\":\"a\"} {\"prompt\":\"b\"}",
          "{\"prompt\":\"a\"} trailing", "[{\"prompt\":\"a\"}]", "\"a string\"", "null", "", "   ")) {
        FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/jobs").json(body)));

        assertError(response, 400, "INVALID_ARGUMENT");
        assertThat(response.json().at("/error/details/0/field").asText()).as(body).isEqualTo("body");
      }
      verifyNoInteractions(createJob);
    }

    @Test
    void duplicateKeysAre400NamingTheKey() throws Exception {
      FakeHttpResponse top = call(asAlice(FakeHttpRequest.post("/v1/jobs")
          .json("{\"prompt\":\"a\",\"prompt\":\"b\"}")));
      FakeHttpResponse nested = call(asAlice(FakeHttpRequest.post("/v1/jobs")
          .json("{\"prompt\":\"a\",\"parameters\":{\"seed\":1,\"seed\":2}}")));

      assertError(top, 400, "INVALID_ARGUMENT");
      assertThat(top.json().at("/error/details/0/field").asText()).isEqualTo("prompt");
      assertThat(top.json().at("/error/details/0/reason").asText()).isEqualTo("appears more than once");
      assertThat(nested.json().at("/error/details/0/field").asText()).isEqualTo("parameters.seed");
      verifyNoInteractions(createJob);
    }

    @Test
    void onlyJsonBodiesAreAccepted() throws Exception {
      byte[] body = CREATE_BODY.getBytes(StandardCharsets.UTF_8);
      for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded",
          "application/json; charset=iso-8859-1", "application/jsonp", null}) {
        FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/jobs").body(body, type)));

        assertError(response, 415, "UNSUPPORTED_MEDIA_TYPE");
      }
      verifyNoInteractions(createJob);
    }

    @Test
    void jsonWithUtf8CharsetIsAccepted() throws Exception {
      when(createJob.create(any(), any(), any())).thenReturn(new CreateOutcome.Created(ApiJobs.pending("j")));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/jobs")
          .body(CREATE_BODY.getBytes(StandardCharsets.UTF_8), "Application/JSON; Charset=\"UTF-8\"")));

      assertThat(response.status()).isEqualTo(202);
    }

    @Test
    void bodiesOver64KiBAre413WithOrWithoutContentLength() throws Exception {
      String big = "{\"prompt\":\"" + "x".repeat(64 * 1024) + "\"}";

      FakeHttpResponse declared = call(asAlice(FakeHttpRequest.post("/v1/jobs").json(big)));
      FakeHttpResponse chunked = call(asAlice(FakeHttpRequest.post("/v1/jobs").json(big).chunked()));

      assertError(declared, 413, "PAYLOAD_TOO_LARGE");
      assertError(chunked, 413, "PAYLOAD_TOO_LARGE");
      verifyNoInteractions(createJob);
    }

    @Test
    void aBodyOfExactly64KiBIsRead() throws Exception {
      String prefix = "{\"prompt\":\"";
      String exact = prefix + "x".repeat(64 * 1024 - prefix.length() - 2) + "\"}";
      when(createJob.create(any(), any(), any())).thenReturn(new CreateOutcome.Created(ApiJobs.pending("j")));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/jobs").json(exact).chunked()));

      assertThat(exact.length()).isEqualTo(64 * 1024);
      assertThat(response.status()).isEqualTo(202);
    }

    @Test
    void malformedIdempotencyKeysAre400() throws Exception {
      FakeHttpResponse tooLong = call(asAlice(FakeHttpRequest.post("/v1/jobs").json(CREATE_BODY))
          .header("Idempotency-Key", "k".repeat(256)));
      FakeHttpResponse withSpace = call(asAlice(FakeHttpRequest.post("/v1/jobs").json(CREATE_BODY))
          .header("Idempotency-Key", "two words"));
      FakeHttpResponse twice = call(asAlice(FakeHttpRequest.post("/v1/jobs").json(CREATE_BODY))
          .header("Idempotency-Key", "a").header("Idempotency-Key", "b"));
      FakeHttpResponse blank = call(asAlice(FakeHttpRequest.post("/v1/jobs").json(CREATE_BODY))
          .header("Idempotency-Key", "  "));

      for (FakeHttpResponse response : List.of(tooLong, withSpace, twice, blank)) {
        assertError(response, 400, "INVALID_ARGUMENT");
        assertThat(response.json().at("/error/details/0/field").asText()).isEqualTo("Idempotency-Key");
      }
      verifyNoInteractions(createJob);
    }
  }

  @Nested
  class Webhooks {
    @Test
    void aWebhookUrlIntoPrivateAddressesIs400NamingTheField() throws Exception {
      for (String url : List.of("https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://169.254.169.254/latest",
          "https://[::1]/hook", "http://hooks.example.com/hook", "https://hooks.example.com/hook")) {
        FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/jobs")
            .json("{\"prompt\":\"a cat\",\"webhook_url\":\"" + url + "\"}")));

        assertError(response, 400, "INVALID_ARGUMENT");
        assertThat(response.json().at("/error/details/0/field").asText()).as(url).isEqualTo("webhook_url");
      }
      verifyNoInteractions(createJob);
    }
  }

  @Nested
  class Upload {
    @Test
    void signsAPutForAFreshObjectUnderTheCallersPrefix() throws Exception {
      FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/uploads")
          .json("{\"content_type\":\"image/png\",\"size_bytes\":123}")));

      assertThat(response.status()).isEqualTo(201);
      JsonNode ticket = response.json();
      assertThat(ticket.get("gcs_uri").asText()).matches("gs://videos/uploads/alice/[0-9a-f]{32}\\.png");
      assertThat(ticket.get("upload_url").asText()).startsWith("https://storage.example.com/videos/uploads/alice/");
      assertThat(ticket.at("/headers/Content-Type").asText()).isEqualTo("image/png");
      assertThat(ticket.get("expires_at").asText()).isEqualTo("2026-03-01T12:15:00Z");
      assertThat(ticket.get("max_bytes").asLong()).isEqualTo(1024);
      assertThat(signedPuts).singleElement().asString().startsWith("videos/uploads/alice/").endsWith(" image/png PT15M");
    }

    @Test
    void refusesOtherTypesOversizeAndUnknownFields() throws Exception {
      FakeHttpResponse gif = call(asAlice(FakeHttpRequest.post("/v1/uploads").json("{\"content_type\":\"image/gif\"}")));
      FakeHttpResponse big = call(asAlice(FakeHttpRequest.post("/v1/uploads")
          .json("{\"content_type\":\"image/png\",\"size_bytes\":1025}")));
      FakeHttpResponse url = call(asAlice(FakeHttpRequest.post("/v1/uploads")
          .json("{\"content_type\":\"image/png\",\"source_url\":\"http://169.254.169.254/\"}")));
      FakeHttpResponse text = call(asAlice(FakeHttpRequest.post("/v1/uploads")
          .body("content_type=image/png".getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded")));

      assertError(gif, 400, "INVALID_ARGUMENT");
      assertThat(gif.json().at("/error/details/0/field").asText()).isEqualTo("content_type");
      assertError(big, 400, "INVALID_ARGUMENT");
      assertThat(big.json().at("/error/details/0/field").asText()).isEqualTo("size_bytes");
      assertError(url, 400, "INVALID_ARGUMENT");
      assertThat(url.json().at("/error/details/0/field").asText()).isEqualTo("source_url");
      assertError(text, 415, "UNSUPPORTED_MEDIA_TYPE");
      assertThat(signedPuts).isEmpty();
    }

    @Test
    void needsAToken() throws Exception {
      assertError(call(FakeHttpRequest.post("/v1/uploads").json("{\"content_type\":\"image/png\"}")), 401,
          "UNAUTHENTICATED");
      assertThat(signedPuts).isEmpty();
    }
  }

  @Nested
  class Read {
    @Test
    void progressIsTheViewsTimeBasedValueNotTheStagesFixedOne() throws Exception {
      // A generating job's bar must move while Veo works; the stage alone would pin it at one value.
      Job pending = ApiJobs.pending("j-1");
      when(getJob.get("alice", "j-1")).thenReturn(new JobView(pending, null, null, 63));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.get("/v1/jobs/j-1")));

      assertThat(response.json().get("progress").asInt()).isEqualTo(63);
    }

    @Test
    void getReturnsTheJobWithTheUrlSignedForThisResponse() throws Exception {
      when(getJob.get("alice", "j-1")).thenReturn(ApiJobs.completedView("j-1"));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.get("/v1/jobs/j-1")));

      assertThat(response.status()).isEqualTo(200);
      JsonNode job = response.json();
      assertThat(job.get("video_url").asText()).isEqualTo(ApiJobs.SIGNED_URL);
      assertThat(job.get("video_url_expires_at").asText()).isEqualTo("2026-03-01T13:05:00Z");
      // Issue 11 item 4: where the video is kept is never shown, only signed URLs.
      assertThat(job.has("video_gcs_uri")).isFalse();
      assertThat(response.body()).doesNotContain("gs://");
      assertThat(job.get("videos")).hasSize(1);
      assertThat(job.at("/videos/0/url").asText()).isEqualTo(ApiJobs.SIGNED_URL);
      assertThat(job.at("/videos/0/expires_at").asText()).isEqualTo("2026-03-01T13:05:00Z");
      assertThat(job.at("/videos/0/duration_seconds").asInt()).isEqualTo(8);
      assertThat(job.at("/videos/0/width").asInt()).isEqualTo(1280);
      assertThat(job.at("/videos/0/height").asInt()).isEqualTo(720);
      assertThat(job.get("progress").asInt()).isEqualTo(100);
      assertThat(job.get("attempts").asInt()).isEqualTo(1);
      assertThat(job.get("completed_at").asText()).isEqualTo("2026-03-01T12:05:00Z");
    }

    @Test
    void aGsUriIsNeverHandedToTheBrowser() throws Exception {
      when(getJob.get("alice", "j-1"))
          .thenReturn(new JobView(ApiJobs.completed("j-1"), "gs://veo-videos/videos/alice/j-1.mp4", null));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.get("/v1/jobs/j-1")));

      assertThat(response.json().get("video_url").isNull()).isTrue();
      assertThat(response.json().get("video_url_expires_at").isNull()).isTrue();
    }

    @Test
    void aFailedJobCarriesItsError() throws Exception {
      when(getJob.get("alice", "j-2")).thenReturn(ApiJobs.view(ApiJobs.failed("j-2")));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.get("/v1/jobs/j-2")));

      assertThat(response.json().at("/error/code").asText()).isEqualTo("SAFETY_FILTERED");
      assertThat(response.json().at("/error/message").asText()).contains("safety filter");
    }

    @Test
    void anUnknownOrForeignJobIs404() throws Exception {
      when(getJob.get("alice", "j-9")).thenThrow(new JobNotFoundException("j-9"));

      assertError(call(asAlice(FakeHttpRequest.get("/v1/jobs/j-9"))), 404, "NOT_FOUND");
    }

    @Test
    void anIdThatCannotBeAJobIs404WithoutAsking() throws Exception {
      assertError(call(asAlice(FakeHttpRequest.get("/v1/jobs/bad%20id"))), 404, "NOT_FOUND");
      assertError(call(asAlice(FakeHttpRequest.get("/v1/jobs/" + "a".repeat(129)))), 404, "NOT_FOUND");
      verifyNoInteractions(getJob);
    }

    @Test
    void listPassesFiltersAndReturnsAPage() throws Exception {
      when(listJobs.list(any())).thenReturn(new JobViewPage(
          List.of(ApiJobs.completedView("j-2"), ApiJobs.view(ApiJobs.pending("j-1"))), "next-2"));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.get(
          "/v1/jobs?node_id=node%207&status=COMPLETED&page_size=2&page_token=tok-1")));

      assertThat(response.status()).isEqualTo(200);
      verify(listJobs).list(new JobQuery("alice", "node 7", JobStatus.COMPLETED, 2, "tok-1"));
      assertThat(response.json().get("jobs")).hasSize(2);
      assertThat(response.json().at("/jobs/0/id").asText()).isEqualTo("j-2");
      assertThat(response.json().get("next_page_token").asText()).isEqualTo("next-2");
    }

    @Test
    void listDefaultsToTwentyAndSaysWhenThereIsNoNextPage() throws Exception {
      when(listJobs.list(any())).thenReturn(new JobViewPage(List.of(), null));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.get("/v1/jobs")));

      verify(listJobs).list(new JobQuery("alice", null, null, 20, null));
      assertThat(response.json().get("jobs")).isEmpty();
      assertThat(response.json().has("next_page_token")).isTrue();
      assertThat(response.json().get("next_page_token").isNull()).isTrue();
    }

    @Test
    void badListParametersAre400NamingTheParameter() throws Exception {
      Map<String, String> cases = Map.of(
          "/v1/jobs?status=DONE", "status",
          "/v1/jobs?status=completed", "status",
          "/v1/jobs?page_size=0", "page_size",
          "/v1/jobs?page_size=101", "page_size",
          "/v1/jobs?page_size=ten", "page_size",
          "/v1/jobs?owner=bob", "owner",
          "/v1/jobs?node_id=a&node_id=b", "node_id");
      for (Map.Entry<String, String> c : cases.entrySet()) {
        FakeHttpResponse response = call(asAlice(FakeHttpRequest.get(c.getKey())));

        assertError(response, 400, "INVALID_ARGUMENT");
        assertThat(response.json().at("/error/details/0/field").asText()).as(c.getKey()).isEqualTo(c.getValue());
      }
      verifyNoInteractions(listJobs);
    }

    @Test
    void aQueryTheRuntimeCannotDecodeIs400NotA500() throws Exception {
      FakeHttpResponse response = call(asAlice(FakeHttpRequest.get("/v1/jobs?x=1").undecodableQuery()));

      assertError(response, 400, "INVALID_ARGUMENT");
      assertThat(response.json().at("/error/details/0/field").asText()).isEqualTo("query");
      verifyNoInteractions(listJobs);
    }

    @Test
    void latestOfANodeResumesPolling() throws Exception {
      when(latestNodeJob.latest("alice", "node-7")).thenReturn(ApiJobs.view(ApiJobs.pending("j-3")));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.get("/v1/nodes/node-7/jobs/latest")));

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.json().get("id").asText()).isEqualTo("j-3");
      assertThat(response.json().get("node_id").asText()).isEqualTo("node-7");
    }

    @Test
    void aNodeWithoutJobsIs404() throws Exception {
      when(latestNodeJob.latest("alice", "empty")).thenThrow(new JobNotFoundException("empty"));

      assertError(call(asAlice(FakeHttpRequest.get("/v1/nodes/empty/jobs/latest"))), 404, "NOT_FOUND");
    }
  }

  @Nested
  class Cancel {
    @Test
    void cancelsALiveJob() throws Exception {
      when(cancelJob.cancel("alice", "j-1")).thenReturn(ApiJobs.view(ApiJobs.canceled("j-1")));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/jobs/j-1:cancel")));

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.json().get("status").asText()).isEqualTo("CANCELED");
    }

    @Test
    void aFinishedJobIs409() throws Exception {
      when(cancelJob.cancel("alice", "j-1")).thenThrow(new JobAlreadyTerminalException("j-1", dev.veojobs.job.JobStatus.COMPLETED));

      assertError(call(asAlice(FakeHttpRequest.post("/v1/jobs/j-1:cancel"))), 409, "FAILED_PRECONDITION");
    }

    @Test
    void anUnknownJobIs404() throws Exception {
      when(cancelJob.cancel("alice", "j-9")).thenThrow(new JobNotFoundException("j-9"));

      assertError(call(asAlice(FakeHttpRequest.post("/v1/jobs/j-9:cancel"))), 404, "NOT_FOUND");
    }
  }

  @Nested
  class Delete {
    @Test
    void deletingAJobIs204WithoutABody() throws Exception {
      FakeHttpResponse response = call(asAlice(FakeHttpRequest.of("DELETE", "/v1/jobs/j-1")));

      assertThat(response.status()).isEqualTo(204);
      assertThat(response.body()).isEmpty();
      verify(deleteJob).delete("alice", "j-1");
    }

    @Test
    void someoneElsesOrAnUnknownJobIs404() throws Exception {
      doThrow(new JobNotFoundException("j-9")).when(deleteJob).delete("alice", "j-9");

      assertError(call(asAlice(FakeHttpRequest.of("DELETE", "/v1/jobs/j-9"))), 404, "NOT_FOUND");
    }

    @Test
    void aPathThatCannotNameAJobIs404WithoutAskingTheStore() throws Exception {
      assertError(call(asAlice(FakeHttpRequest.of("DELETE", "/v1/jobs/%20bad"))), 404, "NOT_FOUND");
      verifyNoInteractions(deleteJob);
    }
  }

  @Nested
  class Events {
    @Test
    void theHistoryIsAPageOfEventsOldestFirst() throws Exception {
      when(listJobEvents.list("alice", "j-1", 2, null)).thenReturn(new ListJobEvents.EventPage(List.of(
          new RecordedEvent(1, "job.created", Instant.parse("2026-03-01T12:00:00Z"), Map.<String, Object>of("status", "PENDING")),
          new RecordedEvent(2, "job.started", Instant.parse("2026-03-01T12:00:05Z"), Map.<String, Object>of("attempt", 1))), "2"));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.get("/v1/jobs/j-1/events?page_size=2")));

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.json().get("events")).hasSize(2);
      assertThat(response.json().get("events").get(0).get("type").asText()).isEqualTo("job.created");
      assertThat(response.json().get("events").get(0).get("at").asText()).isEqualTo("2026-03-01T12:00:00Z");
      assertThat(response.json().get("events").get(1).get("data").get("attempt").asInt()).isEqualTo(1);
      assertThat(response.json().get("next_page_token").asText()).isEqualTo("2");
    }

    @Test
    void unknownAndRepeatedParametersAndBadSizesAre400() throws Exception {
      assertError(call(asAlice(FakeHttpRequest.get("/v1/jobs/j-1/events?status=PENDING"))), 400, "INVALID_ARGUMENT");
      assertError(call(asAlice(FakeHttpRequest.get("/v1/jobs/j-1/events?page_size=0"))), 400, "INVALID_ARGUMENT");
      assertError(call(asAlice(FakeHttpRequest.get("/v1/jobs/j-1/events?page_size=1&page_size=2"))), 400,
          "INVALID_ARGUMENT");
      verifyNoInteractions(listJobEvents);
    }

    @Test
    void someoneElsesJobIs404() throws Exception {
      when(listJobEvents.list(any(), any(), anyInt(), any())).thenThrow(new JobNotFoundException("j-1"));

      assertError(call(asAlice(FakeHttpRequest.get("/v1/jobs/j-1/events"))), 404, "NOT_FOUND");
    }
  }

  @Nested
  class Extend {
    static Job extension(String id, String sourceId) {
      JobRequest asked = new JobRequest("the boat sails on", null, "veo-3.1-fast-generate-001", null, null, List.of(),
          new dev.veojobs.job.VideoExtension(sourceId, "gs://veo-videos/videos/alice/" + sourceId + ".mp4", 8),
          new VideoParameters(7, "16:9", "720p", 1, null, false, "allow_adult", true), "node-7", "proj-1", null);
      return TestJobs.job(id).owner("alice").createdAt(ApiJobs.CREATED).request(asked).queued();
    }

    @Test
    void createsAJobContinuingThePathsJobAndLinksIt() throws Exception {
      when(createJob.create(eq("alice"), any(), eq("key-x")))
          .thenReturn(new CreateOutcome.Created(extension("j-2", "j-1")));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/jobs/j-1:extend")
          .json("{\"prompt\":\"the boat sails on\"}")).header("Idempotency-Key", "key-x"));

      assertThat(response.status()).isEqualTo(202);
      assertThat(response.header("Location")).contains("/v1/jobs/j-2");
      assertThat(response.json().get("source_job_id").asText()).isEqualTo("j-1");
      assertThat(response.json().at("/parameters/duration_seconds").asInt()).isEqualTo(7);
      @SuppressWarnings("unchecked")
      ArgumentCaptor<Map<String, Object>> body = ArgumentCaptor.forClass(Map.class);
      verify(createJob).create(eq("alice"), body.capture(), eq("key-x"));
      assertThat(body.getValue()).containsEntry("extend_from_job_id", "j-1")
          .containsEntry("prompt", "the boat sails on");
    }

    @Test
    void aJobThatDidNotExtendAnythingShowsNoSource() throws Exception {
      when(getJob.get("alice", "j-1")).thenReturn(ApiJobs.view(ApiJobs.completed("j-1")));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.get("/v1/jobs/j-1")));

      assertThat(response.json().has("source_job_id")).isTrue();
      assertThat(response.json().get("source_job_id").isNull()).isTrue();
    }

    @Test
    void aBodyNamingAnotherSourceIs400() throws Exception {
      FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/jobs/j-1:extend")
          .json("{\"prompt\":\"x\",\"extend_from_job_id\":\"j-3\"}")));

      assertError(response, 400, "INVALID_ARGUMENT");
      assertThat(response.json().at("/error/details/0/field").asText()).isEqualTo("extend_from_job_id");
    }

    @Test
    void anotherUsersOrAMissingJobIs404() throws Exception {
      when(createJob.create(eq("alice"), any(), any())).thenThrow(new JobNotFoundException("j-9"));

      assertError(call(asAlice(FakeHttpRequest.post("/v1/jobs/j-9:extend").json("{\"prompt\":\"x\"}"))),
          404, "NOT_FOUND");
    }

    @Test
    void aSourceWithoutAFinishedVideoIs409NamingTheField() throws Exception {
      when(createJob.create(eq("alice"), any(), any())).thenThrow(
          new dev.veojobs.app.SourceJobNotCompletedException("extend_from_job_id", JobStatus.PROCESSING));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/jobs/j-1:extend").json("{\"prompt\":\"x\"}")));

      assertError(response, 409, "FAILED_PRECONDITION");
      assertThat(response.json().at("/error/details/0/field").asText()).isEqualTo("extend_from_job_id");
      assertThat(response.json().at("/error/message").asText()).contains("PROCESSING");
    }

    @Test
    void onlyPostExtends() throws Exception {
      FakeHttpResponse response = call(asAlice(FakeHttpRequest.get("/v1/jobs/j-1:extend")));

      assertError(response, 405, "METHOD_NOT_ALLOWED");
      assertThat(response.header("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("POST"));
    }
  }

  @Nested
  class Routing {
    @Test
    void unknownRoutesAre404() throws Exception {
      for (String path : List.of("/", "/v1", "/v2/jobs", "/v1/jobs/j-1/videos", "/v1/jobs/j-1:x/events", "/v1/uploads/x",
          "/v1/jobs/j-1:delete", "/v1/nodes/n/jobs")) {
        assertError(call(asAlice(FakeHttpRequest.get(path))), 404, "NOT_FOUND");
      }
    }

    @Test
    void wrongMethodsAre405WithAllow() throws Exception {
      FakeHttpResponse put = call(asAlice(FakeHttpRequest.of("PUT", "/v1/jobs/j-1")));
      FakeHttpResponse deleteEvents = call(asAlice(FakeHttpRequest.of("DELETE", "/v1/jobs/j-1/events")));
      FakeHttpResponse getCancel = call(asAlice(FakeHttpRequest.get("/v1/jobs/j-1:cancel")));
      FakeHttpResponse putJobs = call(asAlice(FakeHttpRequest.of("PUT", "/v1/jobs")));

      assertError(put, 405, "METHOD_NOT_ALLOWED");
      assertThat(put.header("Allow")).contains("GET, DELETE, OPTIONS");
      assertThat(deleteEvents.header("Allow")).contains("GET, OPTIONS");
      assertThat(getCancel.header("Allow")).contains("POST, OPTIONS");
      assertThat(putJobs.header("Allow")).contains("GET, POST, OPTIONS");
    }

    @Test
    void aTrailingSlashIsTheSameRoute() throws Exception {
      when(listJobs.list(any())).thenReturn(new JobViewPage(List.of(), null));

      assertThat(call(asAlice(FakeHttpRequest.get("/v1/jobs/"))).status()).isEqualTo(200);
    }
  }

  @Nested
  class Authentication {
    @Test
    void noTokenIs401WithBearerChallenge() throws Exception {
      FakeHttpResponse response = call(FakeHttpRequest.get("/v1/jobs/j-1"));

      assertError(response, 401, "UNAUTHENTICATED");
      assertThat(response.header("WWW-Authenticate")).contains("Bearer");
      verifyNoInteractions(getJob);
    }

    @Test
    void aBadTokenIs401WithInvalidToken() throws Exception {
      FakeHttpResponse response = call(FakeHttpRequest.post("/v1/jobs").bearer("garbage").json(CREATE_BODY));

      assertError(response, 401, "UNAUTHENTICATED");
      assertThat(response.header("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
      verifyNoInteractions(createJob);
    }

    @Test
    void aRevokedTokenCannotCreateButStillReads() throws Exception {
      function = new JobsApiFunction(useCases, new EmulatorIdTokenVerifier("demo-veo-jobs",
          (uid, authTime) -> true, Clock.systemUTC(), Map.of()), List.of(APP), log);
      when(getJob.get(any(), any())).thenThrow(new JobNotFoundException("j-1"));

      assertError(call(asAlice(FakeHttpRequest.post("/v1/jobs").json(CREATE_BODY))), 401, "UNAUTHENTICATED");
      assertError(call(asAlice(FakeHttpRequest.get("/v1/jobs/j-1"))), 404, "NOT_FOUND");
      verifyNoInteractions(createJob);
    }

    @Test
    void anUnreachableAccountServiceIs503NotALogin() throws Exception {
      function = new JobsApiFunction(useCases, new EmulatorIdTokenVerifier("demo-veo-jobs", (uid, authTime) -> {
        throw new dev.veojobs.security.AuthServiceUnavailableException("lookup down");
      }, Clock.systemUTC(), Map.of()), List.of(APP), log);

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.post("/v1/jobs").json(CREATE_BODY)));

      assertError(response, 503, "UNAVAILABLE");
      assertThat(response.header("Retry-After")).isPresent();
      verifyNoInteractions(createJob);
    }

    @Test
    void aSignedTokenIsRefusedInEmulatorMode() throws Exception {
      String forged = EmulatorTokens.forUid("alice").replaceFirst("\\.$", ".c2lnbmF0dXJl");
      forged = "eyJhbGciOiJSUzI1NiJ9" + forged.substring(forged.indexOf('.'));

      assertError(call(FakeHttpRequest.get("/v1/jobs/j-1").bearer(forged)), 401, "UNAUTHENTICATED");
      verifyNoInteractions(getJob);
    }

    @Test
    void callersOnlyReachTheirOwnUid() throws Exception {
      when(getJob.get("bob", "j-1")).thenThrow(new JobNotFoundException("j-1"));

      call(FakeHttpRequest.get("/v1/jobs/j-1").bearer(EmulatorTokens.forUid("bob")));

      verify(getJob).get("bob", "j-1");
    }
  }

  @Nested
  class Failures {
    @Test
    void aTransientFailureIs503WithRetryAfter() throws Exception {
      when(getJob.get(any(), any())).thenThrow(new RetryableFailure("Firestore UNAVAILABLE"));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.get("/v1/jobs/j-1")));

      assertError(response, 503, "UNAVAILABLE");
      assertThat(response.header("Retry-After")).contains("5");
      assertThat(response.body()).doesNotContain("Firestore");
    }

    @Test
    void anUnexpectedFailureIs500WithDetailsOnlyInTheLog() throws Exception {
      when(getJob.get(any(), any())).thenThrow(
          new IllegalStateException("dev.veojobs.gcp.FirestoreJobStore blew up at /secret/path"));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.get("/v1/jobs/j-1")
          .header("X-Cloud-Trace-Context", TRACE + "/7;o=1")));

      assertError(response, 500, "INTERNAL");
      assertThat(response.json().at("/error/message").asText()).isEqualTo("Internal error");
      assertThat(response.body()).doesNotContain("FirestoreJobStore", "secret");
      JsonNode errorLine = logLines().stream()
          .filter(l -> l.get("severity").asText().equals("ERROR") && l.has("stack_trace"))
          .findFirst().orElseThrow();
      assertThat(errorLine.get("stack_trace").asText()).contains("FirestoreJobStore blew up");
      assertThat(errorLine.get("logging.googleapis.com/trace").asText())
          .isEqualTo("projects/veo-test/traces/" + TRACE);
      assertThat(errorLine.get("job_id").asText()).isEqualTo("j-1");
    }
  }

  @Nested
  class Cors {
    @Test
    void preflightFromAnAllowedOriginIsGranted() throws Exception {
      FakeHttpResponse response = call(FakeHttpRequest.of("OPTIONS", "/v1/jobs")
          .header("Origin", APP)
          .header("Access-Control-Request-Method", "POST")
          .header("Access-Control-Request-Headers", "authorization, content-type, idempotency-key"));

      assertThat(response.status()).isEqualTo(204);
      assertThat(response.body()).isEmpty();
      assertThat(response.header("Access-Control-Allow-Origin")).contains(APP);
      assertThat(response.header("Access-Control-Allow-Methods")).contains("GET, POST, DELETE, OPTIONS");
      assertThat(response.header("Access-Control-Allow-Headers"))
          .contains("Authorization, Content-Type, Idempotency-Key");
      assertThat(response.header("Access-Control-Max-Age")).contains("3600");
      assertThat(response.headerValues("Vary")).contains("Origin");
    }

    @Test
    void preflightNeedsNoTokenOnAnyPath() throws Exception {
      FakeHttpResponse response = call(FakeHttpRequest.of("OPTIONS", "/v1/jobs/j-1:cancel")
          .header("Origin", APP).header("Access-Control-Request-Method", "POST"));

      assertThat(response.status()).isEqualTo(204);
    }

    @Test
    void preflightFromAnotherOriginIs403WithoutGrant() throws Exception {
      FakeHttpResponse response = call(FakeHttpRequest.of("OPTIONS", "/v1/jobs")
          .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST"));

      assertError(response, 403, "PERMISSION_DENIED");
      assertThat(response.header("Access-Control-Allow-Origin")).isEmpty();
      assertThat(response.header("Access-Control-Allow-Methods")).isEmpty();
    }

    @Test
    void optionsWithoutOriginListsTheMethods() throws Exception {
      FakeHttpResponse response = call(FakeHttpRequest.of("OPTIONS", "/v1/jobs"));

      assertThat(response.status()).isEqualTo(204);
      assertThat(response.header("Allow")).contains("GET, POST, DELETE, OPTIONS");
    }

    @Test
    void responsesToAnAllowedOriginCarryTheGrantEvenOnErrors() throws Exception {
      when(getJob.get("alice", "j-1")).thenReturn(ApiJobs.completedView("j-1"));

      FakeHttpResponse ok = call(asAlice(FakeHttpRequest.get("/v1/jobs/j-1")).header("Origin", APP));
      FakeHttpResponse unauthenticated = call(FakeHttpRequest.get("/v1/jobs/j-1").header("Origin", APP));

      for (FakeHttpResponse response : List.of(ok, unauthenticated)) {
        assertThat(response.header("Access-Control-Allow-Origin")).contains(APP);
        assertThat(response.header("Access-Control-Expose-Headers")).contains("Retry-After, Location");
        assertThat(response.headerValues("Vary")).contains("Origin");
      }
    }

    @Test
    void responsesToOtherOriginsCarryNoGrant() throws Exception {
      when(getJob.get("alice", "j-1")).thenReturn(ApiJobs.completedView("j-1"));

      FakeHttpResponse response = call(asAlice(FakeHttpRequest.get("/v1/jobs/j-1"))
          .header("Origin", "https://app.example.com.evil.example"));

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Access-Control-Allow-Origin")).isEmpty();
      assertThat(response.headerValues("Vary")).contains("Origin");
    }
  }

  @Nested
  class Logging {
    @Test
    void everyRequestLogsOneAccessLineWithTraceAndJob() throws Exception {
      when(getJob.get("alice", "j-1")).thenReturn(ApiJobs.completedView("j-1"));

      call(asAlice(FakeHttpRequest.get("/v1/jobs/j-1")).header("X-Cloud-Trace-Context", TRACE + "/1;o=1"));

      List<JsonNode> lines = logLines();
      assertThat(lines).hasSize(1);
      JsonNode access = lines.get(0);
      assertThat(access.get("message").asText()).isEqualTo("GET /v1/jobs/j-1 200");
      assertThat(access.get("logging.googleapis.com/trace").asText()).endsWith("/traces/" + TRACE);
      assertThat(access.get("job_id").asText()).isEqualTo("j-1");
      assertThat(access.at("/httpRequest/status").asInt()).isEqualTo(200);
      assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain("X-Goog-Signature=0a1b2c", "eyJ");
    }
  }

  /** Jobs in the shapes the API shows, all alice's, made by the one test-job builder. */
  static final class ApiJobs {
    static final Instant CREATED = Instant.parse("2026-03-01T12:00:00Z");
    static final String SIGNED_URL = "https://storage.googleapis.com/veo-videos/videos/alice/j-1.mp4"
        + "?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Expires=3600&X-Goog-Signature=0a1b2c";

    private static TestJobs.Builder alices(String id) {
      return TestJobs.job(id).owner("alice").bucket("veo-videos").createdAt(CREATED).idempotencyKey("k-1")
          .request(new JobRequest("a cat surfing at sunset", null, "veo-3.1-fast-generate-001", null,
              new VideoParameters(8, "16:9", "720p", 1, 42L, false, "allow_adult", true), "node-7", "proj-1", null));
    }

    static Job pending(String id) {
      return alices(id).queued();
    }

    static Job completed(String id) {
      return alices(id).at(CREATED.plusSeconds(300))
          .videoUrl("https://stale.example/old.mp4", CREATED.plusSeconds(60)).completed();
    }

    static Job failed(String id) {
      return alices(id).at(CREATED.plusSeconds(200))
          .failed(ErrorCode.SAFETY_FILTERED, "The video was blocked by the safety filter");
    }

    static Job canceled(String id) {
      return alices(id).at(CREATED.plusSeconds(5)).canceled();
    }

    /** A completed job with a freshly signed URL, as GetJob returns it. */
    static JobView completedView(String id) {
      return new JobView(completed(id), SIGNED_URL, CREATED.plusSeconds(3900));
    }

    static JobView view(Job job) {
      return new JobView(job, null, null);
    }
  }
}
