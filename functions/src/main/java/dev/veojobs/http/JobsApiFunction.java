package dev.veojobs.http;

import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.veojobs.app.CreateOutcome;
import dev.veojobs.app.IdempotencyKeys;
import dev.veojobs.app.JobQuery;
import dev.veojobs.app.JobView;
import dev.veojobs.app.ListJobs;
import dev.veojobs.config.FunctionName;
import dev.veojobs.job.FieldViolation;
import dev.veojobs.job.JobStatus;
import dev.veojobs.log.JsonLog;
import dev.veojobs.security.CallerVerifier;
import dev.veojobs.security.UnauthenticatedException;
import dev.veojobs.security.webhook.WebhookUrlPolicy;
import dev.veojobs.wiring.JobsApiUseCases;
import dev.veojobs.wiring.Wiring;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The public API (entry point {@code dev.veojobs.http.JobsApiFunction}, service {@code jobs-api}).
 * Each route authenticates the caller, parses, calls one use case and maps its outcome; the
 * OpenAPI document {@code openapi/jobs-api.yaml} describes every answer.
 */
public final class JobsApiFunction extends JsonEndpoint {
  static final Set<String> LIST_PARAMETERS = Set.of("node_id", "status", "page_size", "page_token");
  static final Set<String> EVENTS_PARAMETERS = Set.of("page_size", "page_token");
  /** When an admission limit gives no hint, try again in a minute. */
  static final Duration DEFAULT_LIMIT_RETRY_AFTER = Duration.ofMinutes(1);
  private static final int MAX_NODE_ID_LENGTH = 256;
  private static final int MAX_PAGE_TOKEN_LENGTH = 2048;

  private final JobsApiUseCases useCases;
  private final CallerVerifier callers;
  private final CorsPolicy cors;

  /** Cloud Run's entry point: reads the environment once per instance and wires the adapters. */
  public JobsApiFunction() {
    this(Wiring.forFunction(FunctionName.JOBS_API));
  }

  private JobsApiFunction(Wiring wiring) {
    this(wiring.jobsApi(), wiring.callerVerifier(), wiring.config().corsAllowedOrigins(), wiring.log());
  }

  public JobsApiFunction(JobsApiUseCases useCases, CallerVerifier callers,
      List<String> corsAllowedOrigins, JsonLog log) {
    super(log);
    this.useCases = useCases;
    this.callers = callers;
    this.cors = new CorsPolicy(corsAllowedOrigins);
  }

  @Override
  void decorate(HttpRequest request, HttpResponse response) {
    cors.decorate(request, response);
  }

  @Override
  Reply handle(Call call) throws Exception {
    HttpRequest request = call.request();
    if (CorsPolicy.isPreflight(request)) {
      return cors.preflight(request);
    }
    JobsApiRoute route = JobsApiRoute.match(request.getPath())
        .orElseThrow(() -> new ApiException(ApiStatus.NOT_FOUND, "No such route: " + request.getPath()));
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    if (!route.methods().contains(method)) {
      throw new ApiException(ApiStatus.METHOD_NOT_ALLOWED, method + " is not allowed here")
          .withHeader("Allow", String.join(", ", route.methods()));
    }
    // Creating a job spends money, so only there is the token also checked against revocation.
    boolean create = (route instanceof JobsApiRoute.Jobs || route instanceof JobsApiRoute.Extend)
        && method.equals("POST");
    String uid = authenticate(call, create);
    return switch (route) {
      case JobsApiRoute.Jobs jobs -> method.equals("POST") ? create(call, uid, null) : list(request, uid);
      case JobsApiRoute.Extend extend -> create(call, uid, jobId(call, extend.jobId()));
      case JobsApiRoute.OneJob one -> method.equals("DELETE") ? delete(call, uid, one.jobId())
          : job(useCases.getJob().get(uid, jobId(call, one.jobId())));
      case JobsApiRoute.Events events -> events(call, uid, events.jobId());
      case JobsApiRoute.Cancel cancel -> job(useCases.cancelJob().cancel(uid, jobId(call, cancel.jobId())));
      case JobsApiRoute.NodeLatest latest -> latest(uid, latest.nodeId());
      case JobsApiRoute.Upload upload ->
          Reply.json(201, useCases.uploads().create(uid, RequestBodies.jsonObject(call.request())));
    };
  }

  /**
   * The caller's uid from the ID token; the owner of everything this request touches. Every failure
   * answers the same public 401, with {@code error="invalid_token"} when a token was sent (RFC 6750).
   */
  private String authenticate(Call call, boolean checkRevocation) {
    List<String> headers = call.request().getHeaders().getOrDefault("Authorization", List.of());
    try {
      if (headers.size() > 1) {
        throw new UnauthenticatedException("more than one Authorization header");
      }
      String header = headers.isEmpty() ? null : headers.get(0);
      return checkRevocation ? callers.verifyNotRevoked(header) : callers.verify(header);
    } catch (UnauthenticatedException e) {
      call.log().warning("caller not authenticated", "reason", e.reason());
      throw new ApiException(ApiStatus.UNAUTHENTICATED, UnauthenticatedException.PUBLIC_MESSAGE)
          .withHeader("WWW-Authenticate", headers.isEmpty() ? "Bearer" : "Bearer error=\"invalid_token\"");
    }
  }

  /** @param extendFrom the job named by {@code :extend}, or null for a plain create */
  private Reply create(Call call, String uid, String extendFrom) {
    Map<String, Object> body = RequestBodies.jsonObject(call.request());
    if (extendFrom != null) {
      // :extend is a create whose source is the path; a body naming another source is a contradiction.
      Object named = body.get(EXTEND_FROM_FIELD);
      if (named != null && !extendFrom.equals(named)) {
        throw ApiException.invalidField(EXTEND_FROM_FIELD, "must be left out or equal the job in the path");
      }
      body = new java.util.LinkedHashMap<>(body);
      body.put(EXTEND_FROM_FIELD, extendFrom);
    }
    String key = idempotencyKey(call.request());
    if (body.get(WebhookUrlPolicy.FIELD) instanceof String webhookUrl) {
      // Checked here, with DNS, so a job never stores a URL that points into our network; checked again at delivery.
      useCases.webhookUrls().rejectionReason(webhookUrl)
          .ifPresent(reason -> {
            throw ApiException.invalidField(WebhookUrlPolicy.FIELD, reason);
          });
    }
    CreateOutcome outcome = useCases.createJob().create(uid, body, key);
    return switch (outcome) {
      case CreateOutcome.Created created -> {
        call.tag("job_id", created.job().id());
        call.log().info("job created");
        yield Reply.json(202, JobJson.resource(created.job()))
            .withHeader("Location", "/v1/jobs/" + created.job().id());
      }
      case CreateOutcome.Replayed replayed -> {
        call.tag("job_id", replayed.job().id());
        yield Reply.json(200, JobJson.resource(replayed.job()))
            .withHeader("Location", "/v1/jobs/" + replayed.job().id());
      }
      case CreateOutcome.KeyConflict conflict -> throw new ApiException(ApiStatus.ALREADY_EXISTS,
          "This Idempotency-Key was already used with a different request",
          List.of(new FieldViolation(IdempotencyKeys.FIELD, "already used with a different request")), Map.of());
      case CreateOutcome.NodeNotFound node -> throw new ApiException(ApiStatus.NOT_FOUND,
          "No such node", List.of(new FieldViolation("node_id", "not found")), Map.of());
      case CreateOutcome.LimitReached limit -> throw new ApiException(ApiStatus.RESOURCE_EXHAUSTED,
          limit.message(), List.of(new FieldViolation(null, limit.limit())), Map.of())
          .retryAfter(limit.retryAfter() == null ? DEFAULT_LIMIT_RETRY_AFTER : limit.retryAfter());
    };
  }

  private static final String EXTEND_FROM_FIELD = "extend_from_job_id";

  private Reply list(HttpRequest request, String uid) {
    Map<String, List<String>> query = queryParameters(request);
    List<FieldViolation> problems = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      if (!LIST_PARAMETERS.contains(e.getKey())) {
        problems.add(new FieldViolation(e.getKey(), "is not a known query parameter"));
      } else if (e.getValue().size() > 1) {
        problems.add(new FieldViolation(e.getKey(), "must be given at most once"));
      }
    }
    String nodeId = single(query, "node_id");
    if (nodeId != null && !isNodeId(nodeId)) {
      problems.add(new FieldViolation("node_id", "must be 1 to " + MAX_NODE_ID_LENGTH + " printable characters"));
    }
    JobStatus status = null;
    String statusText = single(query, "status");
    if (statusText != null) {
      status = Arrays.stream(JobStatus.values()).filter(s -> s.name().equals(statusText)).findFirst().orElse(null);
      if (status == null) {
        problems.add(new FieldViolation("status",
            "must be one of " + String.join(", ", Arrays.stream(JobStatus.values()).map(Enum::name).toList())));
      }
    }
    int pageSize = ListJobs.DEFAULT_PAGE_SIZE;
    String sizeText = single(query, "page_size");
    if (sizeText != null) {
      pageSize = parsePageSize(sizeText);
      if (!ListJobs.isPageSize(pageSize)) {
        problems.add(new FieldViolation("page_size", ListJobs.PAGE_SIZE_RULE));
      }
    }
    String pageToken = single(query, "page_token");
    if (pageToken != null && pageToken.length() > MAX_PAGE_TOKEN_LENGTH) {
      problems.add(new FieldViolation("page_token", "is not a token this API issued"));
    }
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
    JobQuery jobQuery = new JobQuery(uid, nodeId, status, pageSize, pageToken);
    return Reply.json(200, JobJson.write(useCases.listJobs().list(jobQuery)));
  }

  private Reply delete(Call call, String uid, String id) {
    useCases.deleteJob().delete(uid, jobId(call, id));
    call.log().info("job deleted");
    return Reply.noContent();
  }

  private Reply events(Call call, String uid, String id) {
    Map<String, List<String>> query = queryParameters(call.request());
    List<FieldViolation> problems = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      if (!EVENTS_PARAMETERS.contains(e.getKey())) {
        problems.add(new FieldViolation(e.getKey(), "is not a known query parameter"));
      } else if (e.getValue().size() > 1) {
        problems.add(new FieldViolation(e.getKey(), "must be given at most once"));
      }
    }
    int pageSize = 0;
    String sizeText = single(query, "page_size");
    if (sizeText != null) {
      pageSize = parsePageSize(sizeText);
      if (!ListJobs.isPageSize(pageSize)) {
        problems.add(new FieldViolation("page_size", ListJobs.PAGE_SIZE_RULE));
      }
    }
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
    String jobId = jobId(call, id);
    return Reply.json(200, EventJson.resource(useCases.listJobEvents().list(uid, jobId, pageSize,
        single(query, "page_token"))));
  }

  private Reply latest(String uid, String nodeId) {
    if (!isNodeId(nodeId)) {
      throw ApiException.invalidField("node_id", "must be 1 to " + MAX_NODE_ID_LENGTH + " printable characters");
    }
    return job(useCases.latestNodeJob().latest(uid, nodeId));
  }

  private static Reply job(JobView view) {
    return Reply.json(200, JobJson.write(view));
  }

  private static String jobId(Call call, String id) {
    if (!JobsApiRoute.isJobId(id)) {
      throw new ApiException(ApiStatus.NOT_FOUND, "Job not found");
    }
    call.tag("job_id", id);
    return id;
  }

  /** Checked before the body is read, so a bad key is refused whatever the body holds. */
  private static String idempotencyKey(HttpRequest request) {
    List<String> values = request.getHeaders().getOrDefault(IdempotencyKeys.FIELD, List.of());
    if (values.size() > 1) {
      throw ApiException.invalidField(IdempotencyKeys.FIELD, "must be sent at most once");
    }
    return IdempotencyKeys.normalize(values.isEmpty() ? null : values.get(0));
  }

  /**
   * The decoded query. The invoker throws (Jetty's BadMessageException, unchecked) for a query that
   * is not valid percent-encoding, such as {@code ?%}: the caller's mistake, so a 400, not a 500.
   */
  private static Map<String, List<String>> queryParameters(HttpRequest request) {
    try {
      return request.getQueryParameters();
    } catch (RuntimeException e) {
      throw ApiException.invalidField("query", "is not a valid URL query (check its percent-encoding)");
    }
  }

  private static String single(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The number given, or -1 when the text is not a whole number (which no page size rule allows). */
  private static int parsePageSize(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean isNodeId(String nodeId) {
    return !nodeId.isEmpty() && nodeId.length() <= MAX_NODE_ID_LENGTH
        && nodeId.codePoints().noneMatch(Character::isISOControl) && !nodeId.contains("/");
  }
}
