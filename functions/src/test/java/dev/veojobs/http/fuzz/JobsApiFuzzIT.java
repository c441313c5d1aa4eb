package dev.veojobs.http.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.stack.EmulatorIdTokens;
import dev.veojobs.emulators.stack.LocalStack;
import dev.veojobs.emulators.stack.LocalStackOptions;
import dev.veojobs.emulators.stack.config.ExternalEmulators;
import dev.veojobs.http.ApiStatus;
import dev.veojobs.http.SecurityHeaders;
import dev.veojobs.http.fuzz.FuzzRequests.DuplicateKey;
import dev.veojobs.http.fuzz.FuzzRequests.InvalidString;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Property-based fuzz of the public API: the real {@code JobsApiFunction} under the Functions
 * Framework invoker (the local stack, with the Firestore, Tasks, Storage and Veo emulators), sent
 * raw HTTP over a socket so anything can be said. For every generated request, however broken:
 *
 * <ul>
 *   <li>an answer arrives within {@link #DEADLINE} (no hang), and it is not a 5xx;
 *   <li>every response carries the API's security headers ({@link SecurityHeaders#ALL});
 *   <li>every error is the documented shape {@code {"error":{"code","message","details"?}}}, the
 *       code an {@link ApiStatus} that fits the status, and no stack trace or internal name;
 *   <li>no job is created — every request here is invalid by construction;
 *   <li>nothing is logged at ERROR or above, and no stack trace is printed.
 * </ul>
 *
 * Seeds are fixed and tries bounded, so {@code mvn verify} replays the same requests every run
 * (about 700 in all, well under a minute). Change a seed locally to explore further.
 */
class JobsApiFuzzIT {
  static final Duration DEADLINE = Duration.ofSeconds(10);
  static final String UID = "fuzzer";
  static final ObjectMapper JSON = new ObjectMapper();
  /** Statuses only Jetty answers (the function never does): their code is INVALID_ARGUMENT. */
  static final Set<Integer> JETTY_ONLY_STATUSES = Set.of(408, 414, 431);

  private static LocalStack stack;
  private static Firestore firestore;
  private static PrintStream originalOut;
  private static PrintStream originalErr;
  private static final List<String> alarmingOutput = new CopyOnWriteArrayList<>();

  @BeforeContainer
  static void startStack() {
    // The functions log JSON lines to the stdout they find when they are built; watch both streams.
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(watching(originalOut));
    System.setErr(watching(originalErr));
    stack = LocalStack.start(LocalStackOptions.builder()
        .configDirectory(Path.of("..", "emulator-config"))
        .webDirectory(Path.of("..", "web"))
        .freePorts()
        .clock(EmulatorClock.system())
        .externalEmulators(ExternalEmulators.none())
        // Nothing here should start a job; if one slips through, it must not finish while we count.
        .veoLatency(Duration.ofHours(1))
        // No admission limit may answer 429 in place of the 400 under test, however many jobs slipped through.
        .functionSetting("USER_MAX_IN_FLIGHT", "0")
        .functionSetting("USER_MAX_JOBS_PER_DAY", "0")
        .functionSetting("GLOBAL_MAX_IN_FLIGHT", "0")
        .build());
    firestore = FirestoreOptions.newBuilder().setProjectId(stack.projectId())
        .setEmulatorHost(stack.firestoreHost()).build().getService();
  }

  @AfterContainer
  static void stopStack() throws Exception {
    try {
      if (firestore != null) {
        firestore.close();
      }
      if (stack != null) {
        stack.close();
      }
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  @BeforeTry
  void forgetOutput() {
    alarmingOutput.clear();
  }

  @Property(tries = 250, seed = "20261203", shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
  void badBodiesAreRefusedCleanly(@ForAll("badBodies") FuzzRequest request) throws Exception {
    assertRefusedCleanly(request);
  }

  @Property(tries = 40, seed = "20261203")
  void wrongContentTypesAreRefusedCleanly(@ForAll("wrongContentTypes") FuzzRequest request) throws Exception {
    RawHttp.Response response = assertRefusedCleanly(request);
    assertThat(response.status()).as(request.toString()).isIn(400, 415);
  }

  @Property(tries = 100, seed = "20261203")
  void forgedHeadersAreRefusedCleanly(@ForAll("forgedHeaders") FuzzRequest request) throws Exception {
    RawHttp.Response response = assertRefusedCleanly(request);
    assertThat(response.status()).as(request.toString()).isIn(400, 401, 413, 431);
  }

  @Property(tries = 250, seed = "20261203")
  void badPathsAreRefusedCleanly(@ForAll("badPaths") FuzzRequest request) throws Exception {
    assertRefusedCleanly(request);
  }

  @Property(tries = 60, seed = "20261203")
  void invalidTextIsRefusedNamingItsField(@ForAll("invalidStrings") InvalidString invalid) throws Exception {
    FuzzRequest request = FuzzRequests.create("invalid string in " + invalid.field(), invalid.body());
    RawHttp.Response response = assertRefusedCleanly(request);
    assertThat(response.status()).as(request.toString()).isEqualTo(400);
    assertThat(fields(response)).as(request.toString()).contains(invalid.field());
  }

  @Property(tries = 20, seed = "20261203")
  void duplicateKeysAreRefusedNamingTheKey(@ForAll("duplicateKeys") DuplicateKey duplicate) throws Exception {
    FuzzRequest request = FuzzRequests.create("duplicate key", FuzzRequests.utf8(duplicate.body()));
    RawHttp.Response response = assertRefusedCleanly(request);
    assertThat(response.status()).as(request.toString()).isEqualTo(400);
    assertThat(fields(response)).as(request.toString()).containsExactly(duplicate.field());
  }

  @Provide
  Arbitrary<FuzzRequest> badBodies() {
    return FuzzRequests.badBodies();
  }

  @Provide
  Arbitrary<FuzzRequest> wrongContentTypes() {
    return FuzzRequests.wrongContentTypes();
  }

  @Provide
  Arbitrary<FuzzRequest> forgedHeaders() {
    List<String> forged = List.of(
        EmulatorIdTokens.forUser("another-project", UID, stack.clock().instant()),
        EmulatorIdTokens.forUser(stack.projectId(), UID, stack.clock().instant().minus(Duration.ofHours(3))),
        EmulatorIdTokens.forUser(stack.projectId(), UID, stack.clock().instant().plus(Duration.ofHours(3))));
    return FuzzRequests.forgedHeaders(forged);
  }

  @Provide
  Arbitrary<FuzzRequest> badPaths() {
    return FuzzRequests.badPaths();
  }

  @Provide
  Arbitrary<InvalidString> invalidStrings() {
    return FuzzRequests.invalidStrings();
  }

  @Provide
  Arbitrary<DuplicateKey> duplicateKeys() {
    return FuzzRequests.duplicateKeys();
  }

  /** Sends the request and checks every property that holds for any invalid request; returns the answer. */
  private RawHttp.Response assertRefusedCleanly(FuzzRequest request) throws Exception {
    long jobsBefore = jobCount();
    String token = EmulatorIdTokens.forUser(stack.projectId(), UID, stack.clock().instant());
    RawHttp.Response response;
    try {
      response = RawHttp.send(port(), request.render(token), DEADLINE);
    } catch (RawHttp.NoAnswer e) {
      throw new AssertionError("no answer (" + e.getMessage() + ") to " + request, e);
    }
    // Printed with the property's report, so a run shows which statuses the generators reached.
    Statistics.label("status").collect(response.status());
    String what = request + " → " + response.status() + " " + FuzzRequest.printable(abbreviate(response.text()));

    assertThat(response.status()).as("no 5xx: " + what).isLessThan(500);
    SecurityHeaders.ALL.forEach((name, value) ->
        assertThat(response.header(name)).as(name + " on " + what).isEqualTo(value));
    if (response.status() >= 400 && !request.isHead()) {
      assertErrorShape(response, what);
    }
    assertThat(jobCount()).as("jobs created by " + what).isEqualTo(jobsBefore);
    assertThat(alarmingOutput).as("errors or stack traces logged for " + what).isEmpty();
    return response;
  }

  private static void assertErrorShape(RawHttp.Response response, String what) throws IOException {
    assertThat(response.header("Content-Type")).as("Content-Type of " + what).startsWith("application/json");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body).as("error body of " + what).isNotNull();
    assertThat(iterable(body.fieldNames())).as("top level of " + what).containsExactly("error");
    JsonNode error = body.get("error");
    assertThat(iterable(error.fieldNames())).as("error fields of " + what).isSubsetOf("code", "message", "details")
        .contains("code", "message");
    String code = error.get("code").asText();
    assertThat(Arrays.stream(ApiStatus.values()).map(Enum::name)).as("code of " + what).contains(code);
    int expected = ApiStatus.valueOf(code).httpStatus();
    if (JETTY_ONLY_STATUSES.contains(response.status())) {
      assertThat(code).as("code of " + what).isEqualTo("INVALID_ARGUMENT");
    } else {
      assertThat(response.status()).as("status of " + what).isEqualTo(expected);
    }
    assertThat(error.get("message").isTextual() && !error.get("message").asText().isBlank())
        .as("message of " + what).isTrue();
    if (error.has("details")) {
      assertThat(error.get("details").isArray()).as("details of " + what).isTrue();
      for (JsonNode detail : error.get("details")) {
        assertThat(iterable(detail.fieldNames())).as("detail of " + what).isSubsetOf("field", "reason")
            .contains("reason");
      }
    }
    String lower = response.text().toLowerCase(Locale.ROOT);
    assertThat(lower).as("internals in " + what)
        .doesNotContain("exception", "jackson", "jetty", "\tat ", "dev.veojobs", "com.google", "java.");
  }

  private static List<String> fields(RawHttp.Response response) throws IOException {
    List<String> fields = new ArrayList<>();
    for (JsonNode detail : JSON.readTree(response.body()).path("error").path("details")) {
      fields.add(detail.path("field").asText());
    }
    return fields;
  }

  private static long jobCount() throws ExecutionException, InterruptedException {
    return firestore.collection("jobs").get().get().size();
  }

  private static int port() {
    return Integer.parseInt(stack.apiUrl().substring(stack.apiUrl().lastIndexOf(':') + 1));
  }

  private static <T> List<T> iterable(java.util.Iterator<T> it) {
    List<T> all = new ArrayList<>();
    it.forEachRemaining(all::add);
    return all;
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "…";
  }

  /**
   * A stream that passes everything on and remembers lines that mean trouble: a JSON log line at
   * ERROR or above, or a printed stack frame.
   */
  private static PrintStream watching(PrintStream target) {
    return new PrintStream(new OutputStream() {
      private final StringBuilder line = new StringBuilder();

      @Override
      public synchronized void write(int b) {
        target.write(b);
        if (b == '\n') {
          inspect(line.toString());
          line.setLength(0);
        } else if (line.length() < 100_000) {
          line.append((char) b);
        }
      }

      private void inspect(String text) {
        if (text.contains("\"severity\":\"ERROR\"") || text.contains("\"severity\":\"CRITICAL\"")
            || text.contains("\"severity\":\"ALERT\"") || text.startsWith("\tat ")) {
          alarmingOutput.add(text.length() > 2000 ? text.substring(0, 2000) + "…" : text);
        }
      }

      @Override
      public void flush() {
        target.flush();
      }
    }, true, StandardCharsets.UTF_8);
  }
}
