package dev.veojobs.wiring;

import dev.veojobs.app.CancelJob;
import dev.veojobs.app.DeleteJob;
import dev.veojobs.app.ListJobEvents;
import dev.veojobs.app.CreateJob;
import dev.veojobs.app.DeliverWebhook;
import dev.veojobs.app.FinalizeJob;
import dev.veojobs.app.IdGenerator;
import dev.veojobs.app.GetJob;
import dev.veojobs.app.JobStore;
import dev.veojobs.app.LatestNodeJob;
import dev.veojobs.app.ListJobs;
import dev.veojobs.app.PipelineSettings;
import dev.veojobs.app.PollGeneration;
import dev.veojobs.app.StartGeneration;
import dev.veojobs.app.SweepJobs;
import dev.veojobs.app.Uploads;
import dev.veojobs.app.VideoModel;
import dev.veojobs.app.WebhookEnqueuingJobStore;
import dev.veojobs.config.Config;
import dev.veojobs.config.ConfigException;
import dev.veojobs.config.FunctionName;
import dev.veojobs.gcp.ApplicationDefaultAccessToken;
import dev.veojobs.gcp.SignedWebhookSender;
import dev.veojobs.gcp.StoredImageCheck;
import dev.veojobs.log.JsonLog;
import dev.veojobs.log.OpsEventLog;
import dev.veojobs.security.CallerVerifier;
import dev.veojobs.security.EmulatorIdTokenVerifier;
import dev.veojobs.security.FirebaseIdTokenVerifier;
import dev.veojobs.security.IdentityToolkitRevocationCheck;
import dev.veojobs.security.RevocationCheck;
import dev.veojobs.security.TaskTokenVerifier;
import dev.veojobs.security.upload.ImageUriPolicy;
import dev.veojobs.security.upload.UploadPolicy;
import dev.veojobs.security.webhook.HostResolver;
import dev.veojobs.security.webhook.WebhookDelivery;
import dev.veojobs.security.webhook.WebhookSecret;
import dev.veojobs.security.webhook.WebhookSigner;
import dev.veojobs.security.webhook.WebhookUrlPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The composition root: builds the use cases a function needs from its {@link Config} and
 * {@link Adapters}. The only class that knows the use cases' constructors, so it is the one file
 * to adjust when they change. A function builds one Wiring per instance, in its constructor.
 */
public final class Wiring {
  /** One delivery attempt; Cloud Tasks' dispatch deadline is far longer. */
  static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(10);

  private final Config config;
  private final Adapters adapters;
  private final JsonLog log;

  public Wiring(Config config, Adapters adapters, JsonLog log) {
    this.config = config;
    this.adapters = adapters;
    this.log = log;
  }

  /**
   * Reads this process's environment for {@code function} and wires the GCP adapters.
   *
   * @throws ConfigException listing every missing or malformed variable (also logged as CRITICAL,
   *     so the reason a revision never became ready is in Cloud Logging)
   */
  public static Wiring forFunction(FunctionName function) {
    Config config;
    try {
      config = Config.fromEnvironment(function);
    } catch (ConfigException e) {
      JsonLog.stdout(null).critical(e.getMessage(), null, "function", function.serviceName());
      throw e;
    }
    JsonLog log = JsonLog.stdout(config.googleCloudProject()).with("function", function.serviceName());
    log.info("instance starting", "config", config.toString());
    try {
      return new Wiring(config, Adapters.forConfig(config), log);
    } catch (RuntimeException e) {
      log.critical("adapters could not be built", e);
      throw e;
    }
  }

  public Config config() {
    return config;
  }

  public JsonLog log() {
    return log;
  }

  public JobsApiUseCases jobsApi() {
    PipelineSettings settings = config.pipelineSettings();
    JobStore store = observedStore();
    CancelJob cancel = new CancelJob(endingStore(), adapters.urlSigner(), settings, adapters.clock());
    return new JobsApiUseCases(
        new CreateJob(store, adapters.taskQueue(), settings, imageUriPolicy(), adapters.clock(),
            IdGenerator.random()),
        new GetJob(adapters.jobStore(), adapters.urlSigner(), settings, adapters.clock()),
        new ListJobs(adapters.jobStore(), adapters.urlSigner(), settings, adapters.clock()),
        new LatestNodeJob(adapters.jobStore(), adapters.urlSigner(), settings, adapters.clock()),
        cancel,
        uploads(), webhookUrlPolicy(),
        new DeleteJob(adapters.jobStore(), adapters.jobRecords(), cancel, adapters.blobStore(), settings,
            adapters.clock()),
        new ListJobEvents(adapters.jobStore(), adapters.jobRecords()));
  }

  /**
   * The store of every use case that ends jobs (worker, finalizer, sweeper, cancel): the write that
   * leaves a job owing a webhook also schedules its delivery.
   */
  private JobStore endingStore() {
    return new WebhookEnqueuingJobStore(observedStore(), adapters.taskQueue());
  }

  /** The store that logs one operations event per committed job transition (log/OpsEvent). */
  private JobStore observedStore() {
    return new ObservedJobStore(adapters.jobStore(), new OpsEventLog(log));
  }

  /** Veo, with one veo.call operations event per start and poll. */
  private VideoModel timedVideoModel() {
    return new TimedVideoModel(adapters.videoModel(), new OpsEventLog(log), adapters.clock());
  }

  public StartGeneration startGeneration() {
    return new StartGeneration(endingStore(), adapters.taskQueue(), timedVideoModel(), adapters.blobStore(),
        new StoredImageCheck(adapters.blobStore(), imageUriPolicy()), config.pipelineSettings(), adapters.clock(),
        IdGenerator.random());
  }

  public PollGeneration pollGeneration() {
    return new PollGeneration(endingStore(), adapters.taskQueue(), timedVideoModel(),
        adapters.blobStore(), config.pipelineSettings(), adapters.clock());
  }

  public SweepJobs sweepJobs() {
    return new SweepJobs(endingStore(), adapters.taskQueue(), config.pipelineSettings(), adapters.clock());
  }

  public FinalizeJob finalizeJob() {
    return new FinalizeJob(endingStore(), adapters.blobStore(), adapters.urlSigner(),
        config.pipelineSettings(), adapters.clock());
  }

  public DeliverWebhook deliverWebhook() {
    WebhookSigner signer = new WebhookSigner(WebhookSecret.parseList(config.webhookSecrets()));
    WebhookDelivery delivery = new WebhookDelivery(webhookUrlPolicy(), signer, adapters.clock(), WEBHOOK_TIMEOUT);
    return new DeliverWebhook(adapters.jobStore(), new SignedWebhookSender(delivery), adapters.urlSigner(),
        config.pipelineSettings(), adapters.clock());
  }

  /** Public https hosts only; http://localhost too when WEBHOOK_ALLOW_LOOPBACK is on (local tests). */
  public WebhookUrlPolicy webhookUrlPolicy() {
    return new WebhookUrlPolicy(HostResolver.system(), config.webhookAllowLoopback());
  }

  ImageUriPolicy imageUriPolicy() {
    return new ImageUriPolicy(config.videoBucket(), config.uploadMaxBytes());
  }

  /** POST /v1/uploads: signed PUT URLs for input images under the caller's own prefix. */
  public Uploads uploads() {
    return new Uploads(new UploadPolicy(config.videoBucket(), config.uploadMaxBytes()), adapters.urlSigner(),
        config.uploadUrlTtl());
  }

  /**
   * By AUTH_MODE: Firebase ID tokens verified against FIREBASE_AUTH_JWKS_URL (Google's securetoken keys
   * in production), or the Auth emulator's unsigned tokens, which refuse to exist on Cloud Run.
   */
  public CallerVerifier callerVerifier() {
    return callerVerifier(Config.processEnvironment());
  }

  CallerVerifier callerVerifier(Map<String, String> processEnvironment) {
    return switch (config.authMode()) {
      case FIREBASE -> FirebaseIdTokenVerifier.fromJwksUrl(config.googleCloudProject(),
          URI.create(config.firebaseAuthJwksUrl()), revocationCheck(), adapters.clock());
      case EMULATOR -> new EmulatorIdTokenVerifier(config.googleCloudProject(),
          config.firebaseAuthEmulatorHost() == null ? RevocationCheck.disabled() : revocationCheck(),
          adapters.clock(), processEnvironment);
    };
  }

  /**
   * Identity Toolkit accounts:lookup: Google's, called with the runtime account's access token (it
   * needs roles/firebaseauth.viewer), or a Firebase Auth emulator's, which accepts the token "owner".
   */
  private RevocationCheck revocationCheck() {
    String emulator = config.firebaseAuthEmulatorHost();
    if (emulator != null) {
      return new IdentityToolkitRevocationCheck(
          URI.create("http://" + emulator + "/identitytoolkit.googleapis.com"), config.googleCloudProject(), () -> "owner");
    }
    return new IdentityToolkitRevocationCheck(IdentityToolkitRevocationCheck.PRODUCTION_BASE_URL,
        config.googleCloudProject(), new ApplicationDefaultAccessToken());
  }

  /** Checks the Cloud Tasks / Cloud Scheduler OIDC token of a private function whose URL is {@code ownUrl}. */
  public TaskTokenVerifier taskTokenVerifier(String ownUrl) {
    return TaskTokenVerifier.fromJwksUrl(URI.create(config.tasksOidcJwksUrl()), config.tasksOidcIssuer(), ownUrl,
        config.tasksInvokerSa(), adapters.clock());
  }
}
