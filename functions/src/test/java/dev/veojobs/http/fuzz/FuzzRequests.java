package dev.veojobs.http.fuzz;

import dev.veojobs.http.fuzz.FuzzRequest.Framing;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of requests the API must refuse without creating a job, without a 5xx and without
 * hanging. Every body here is invalid by construction (a defect is always planted), so any job that
 * appears while they run was created from invalid input.
 */
final class FuzzRequests {
  static final String VALID_BODY = "{\"prompt\":\"a paper boat\",\"parameters\":{\"duration_seconds\":8}}";
  static final String JSON = "Content-Type: application/json";
  static final String AUTH = "Authorization: Bearer " + FuzzRequest.TOKEN;
  /** Just over the API's 64 KiB body limit. */
  static final int OVER_LIMIT = 64 * 1024 + 1;

  /** Every string field of a create body, as a path and how to plant a value there. */
  record StringField(String path, String template) {
    String with(String jsonStringLiteral) {
      return template.replace("@", jsonStringLiteral);
    }
  }

  static final List<StringField> STRING_FIELDS = List.of(
      new StringField("prompt", "{\"prompt\":@}"),
      new StringField("negative_prompt", "{\"prompt\":\"a boat\",\"negative_prompt\":@}"),
      new StringField("model", "{\"prompt\":\"a boat\",\"model\":@}"),
      new StringField("node_id", "{\"prompt\":\"a boat\",\"node_id\":@}"),
      new StringField("project_id", "{\"prompt\":\"a boat\",\"project_id\":@}"),
      new StringField("webhook_url", "{\"prompt\":\"a boat\",\"webhook_url\":@}"),
      new StringField("parameters.aspect_ratio", "{\"prompt\":\"a boat\",\"parameters\":{\"aspect_ratio\":@}}"),
      new StringField("parameters.resolution", "{\"prompt\":\"a boat\",\"parameters\":{\"resolution\":@}}"),
      new StringField("parameters.person_generation",
          "{\"prompt\":\"a boat\",\"parameters\":{\"person_generation\":@}}"),
      new StringField("image.gcs_uri",
          "{\"prompt\":\"a boat\",\"image\":{\"gcs_uri\":@,\"mime_type\":\"image/png\"}}"),
      new StringField("image.mime_type",
          "{\"prompt\":\"a boat\",\"image\":{\"gcs_uri\":\"gs://b/o.png\",\"mime_type\":@}}"));

  private FuzzRequests() {}

  // ---- bodies -------------------------------------------------------------------------------

  /** Create bodies that must be refused, with what is wrong with them. */
  static Arbitrary<FuzzRequest> badBodies() {
    return Arbitraries.oneOf(
        malformedJson().map(b -> create("malformed JSON", b)),
        deepJson().map(b -> create("deep JSON", b)),
        hugeJson(),
        wrongTypes().map(b -> create("wrong type", utf8(b))),
        duplicateKeys().map(d -> create("duplicate key", utf8(d.body()))),
        invalidStrings().map(s -> create("invalid string in " + s.field(), s.body())),
        oddUnicodeWithDefect().map(b -> create("odd Unicode", utf8(b))));
  }

  static FuzzRequest create(String kind, byte[] body) {
    return new FuzzRequest(kind, "POST", "/v1/jobs", List.of(AUTH, JSON), body, Framing.CONTENT_LENGTH);
  }

  static Arbitrary<byte[]> malformedJson() {
    Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, VALID_BODY.length() - 1)
        .map(n -> utf8(VALID_BODY.substring(0, n)));
    // No letter of "prompt" but 'r' and 't' is in this alphabet, so no string of it is a valid create body.
    Arbitrary<byte[]> jsonish = Arbitraries.strings().withChars("{}[]\":,.-+0123456789eEtruefalsn \\\t\n")
        .ofMaxLength(80).map(FuzzRequests::utf8);
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> fixed = Arbitraries.of(
        "", " ", "null", "true", "42", "\"prompt\"", "[]", "[" + VALID_BODY + "]",
        VALID_BODY + "x", VALID_BODY + VALID_BODY, VALID_BODY + ",", "{\"prompt\":\"a\",}", "{'prompt':'a'}",
        "{prompt:\"a\"}", "{\"prompt\":\"a\" /* c */}", "{\"prompt\":\"a\"} // c", "{\"prompt\":NaN}",
        "{\"prompt\":\"a\",\"parameters\":{\"seed\":Infinity}}", "{\"prompt\":\"\\x41\"}", "{\"prompt\":\"\\u12\"}",
        "{\"prompt\":\"a\\\"}", "{\"prompt\":\"a\tb\"}", "{\"prompt\":\"a\nb\"}", "{\"prompt\":\"a\"\u0000}",
        "{\"prompt\":0x10}", "{\"prompt\":01}", "{\"prompt\":.5}", "{\"prompt\":-}").map(FuzzRequests::utf8);
    Arbitrary<byte[]> badUtf8 = Arbitraries.of(
        new byte[] {'{', '"', 'p', 'r', 'o', 'm', 'p', 't', '"', ':', '"', (byte) 0xFF, '"', '}'},
        new byte[] {'{', '"', 'p', 'r', 'o', 'm', 'p', 't', '"', ':', '"', (byte) 0xC3, '"', '}'},
        new byte[] {'{', '"', 'p', 'r', 'o', 'm', 'p', 't', '"', ':', '"', (byte) 0xF8, (byte) 0x88, (byte) 0x80,
            (byte) 0x80, (byte) 0x80, '"', '}'},
        new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'});
    return Arbitraries.oneOf(truncated, jsonish, bytes, fixed, badUtf8);
  }

  static Arbitrary<byte[]> deepJson() {
    Arbitrary<Integer> depth = Arbitraries.integers().between(50, 12_000);
    return Arbitraries.oneOf(
        depth.map(d -> utf8("{\"prompt\":\"a\",\"parameters\":" + "[".repeat(d) + "]".repeat(d) + "}")),
        depth.map(d -> utf8("{\"prompt\":\"a\",\"x\":" + "{\"a\":".repeat(d) + "1" + "}".repeat(d) + "}")),
        depth.map(d -> utf8("[".repeat(d))),
        depth.map(d -> utf8("{\"prompt\":\"a\",\"image\":" + "{\"image\":".repeat(d) + "null" + "}".repeat(d + 1))));
  }

  static Arbitrary<FuzzRequest> hugeJson() {
    Arbitrary<Integer> overLimit = Arbitraries.integers().between(OVER_LIMIT, 300_000);
    Arbitrary<FuzzRequest> tooLarge = Combinators.combine(overLimit, Arbitraries.of(Framing.CONTENT_LENGTH,
        Framing.CHUNKED)).as((n, framing) -> new FuzzRequest("over 64 KiB, " + framing, "POST", "/v1/jobs",
        List.of(AUTH, JSON), utf8("{\"prompt\":\"" + "a".repeat(n) + "\"}"), framing));
    Arbitrary<FuzzRequest> longPrompt = Arbitraries.integers().between(2001, 20_000)
        .map(n -> create("prompt too long", utf8("{\"prompt\":\"" + "\u00e9".repeat(n) + "\"}")));
    Arbitrary<FuzzRequest> bigNumbers = Arbitraries.oneOf(
            Arbitraries.integers().between(20, 60_000).map(n -> "1" + "0".repeat(n)),
            Arbitraries.of("1e999999", "-1e-999999", "1E400", "2147483648", "-1", "9223372036854775808", "4.0", "8.0",
                "8e0", "-0", "0.0000000000000000000001"))
        .map(n -> create("huge number", utf8("{\"prompt\":\"a\",\"parameters\":{\"seed\":" + n
            + ",\"duration_seconds\":" + n + "}}")));
    Arbitrary<FuzzRequest> manyFields = Arbitraries.integers().between(100, 5000)
        .map(n -> {
          StringBuilder b = new StringBuilder("{\"prompt\":\"a\"");
          for (int i = 0; i < n; i++) {
            b.append(",\"f").append(i).append("\":").append(i);
          }
          return create("many unknown fields", utf8(b.append('}').toString()));
        });
    return Arbitraries.oneOf(tooLarge, longPrompt, bigNumbers, manyFields);
  }

  static Arbitrary<String> wrongTypes() {
    Arbitrary<String> wrongValue = Arbitraries.of("1", "-1", "1.5", "true", "false", "[]", "{}", "[\"a\"]",
        "{\"a\":1}", "\"\"", "\"8\"", "\" \"");
    List<String> templates = List.of(
        "{\"prompt\":@}",
        "{\"prompt\":\"a\",\"parameters\":@}",
        "{\"prompt\":\"a\",\"image\":@}",
        "{\"prompt\":\"a\",\"model\":@}",
        "{\"prompt\":\"a\",\"node_id\":@}",
        "{\"prompt\":\"a\",\"webhook_url\":@}",
        "{\"prompt\":\"a\",\"parameters\":{\"duration_seconds\":@}}",
        "{\"prompt\":\"a\",\"parameters\":{\"sample_count\":@}}",
        "{\"prompt\":\"a\",\"parameters\":{\"seed\":@}}",
        "{\"prompt\":\"a\",\"parameters\":{\"generate_audio\":@}}",
        "{\"prompt\":\"a\",\"parameters\":{\"enhance_prompt\":@}}",
        "{\"prompt\":\"a\",\"parameters\":{\"aspect_ratio\":@}}",
        "{\"prompt\":\"a\",\"image\":{\"gcs_uri\":@,\"mime_type\":\"image/png\"}}");
    // A value that happens to fit its field (e.g. false for generate_audio) is paired with an unknown field.
    return Combinators.combine(Arbitraries.of(templates), wrongValue)
        .as((t, v) -> {
          String body = t.replace("@", v);
          return body.substring(0, body.length() - 1) + ",\"owner_uid\":\"someone-else\"}";
        });
  }

  /** A body with a key given twice, and the dotted path the answer must name. */
  record DuplicateKey(String body, String field) {}

  static Arbitrary<DuplicateKey> duplicateKeys() {
    return Arbitraries.of(
        new DuplicateKey("{\"prompt\":\"a\",\"prompt\":\"a\"}", "prompt"),
        new DuplicateKey("{\"prompt\":\"a\",\"prompt\":\"b\"}", "prompt"),
        new DuplicateKey("{\"prompt\":\"a\",\"\\u0070rompt\":\"b\"}", "prompt"),
        new DuplicateKey("{\"prompt\":\"a\",\"parameters\":{\"seed\":1,\"seed\":2}}", "parameters.seed"),
        new DuplicateKey("{\"prompt\":\"a\",\"parameters\":{},\"parameters\":{\"seed\":2}}", "parameters"),
        new DuplicateKey("{\"prompt\":\"a\",\"image\":{\"gcs_uri\":\"gs://b/o\",\"gcs_uri\":\"gs://b/p\","
            + "\"mime_type\":\"image/png\"}}", "image.gcs_uri"),
        new DuplicateKey("{\"prompt\":\"a\",\"node_id\":\"n\",\"node_id\":null}", "node_id"));
  }

  /** A string value that is not valid text, planted in one field. */
  record InvalidString(String field, byte[] body) {}

  static Arbitrary<InvalidString> invalidStrings() {
    // JSON escapes that decode to something that is not Unicode text (lone surrogates) or to NUL.
    Arbitrary<String> escaped = Arbitraries.of(
        "\"\\ud800\"", "\"\\udfff\"", "\"a boat \\ud83d\"", "\"\\ude00 a boat\"", "\"\\udc00\\ud800\"",
        "\"a\\u0000boat\"", "\"\\u0000\"", "\"a boat\\ud800\\ud800\"");
    Arbitrary<InvalidString> viaEscapes = Combinators.combine(Arbitraries.of(STRING_FIELDS), escaped)
        .as((f, s) -> new InvalidString(f.path(), utf8(f.with(s))));
    // The same, as raw UTF-8-shaped bytes: ED A0 80 is U+D800 encoded as if it were a character (CESU-8).
    Arbitrary<InvalidString> viaBytes = Arbitraries.of(STRING_FIELDS).map(f -> {
      String[] around = f.with("\"#\"").split("#", 2);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(utf8(around[0] + "a "));
      body.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
      body.writeBytes(utf8(around[1]));
      return new InvalidString(f.path(), body.toByteArray());
    });
    return Arbitraries.oneOf(viaEscapes, viaBytes);
  }

  /** Valid but unusual text (RTL marks, zero-width joiners, combining marks, emoji) always next to a defect. */
  static Arbitrary<String> oddUnicodeWithDefect() {
    Arbitrary<String> odd = Arbitraries.strings()
        .withChars("\u202e\u200b\u200d\ufeff\u0301\u00e9\ud83d\ude00\u4e2d\u0627\uFFFD\u2028\u2029")
        .withChars('a', 'z').ofMinLength(1).ofMaxLength(30)
        .filter(s -> !Character.isHighSurrogate(s.charAt(s.length() - 1)) && !Character.isLowSurrogate(s.charAt(0)))
        .filter(FuzzRequests::pairedSurrogates)
        // At least one character outside ASCII, so the node_id below can never be a valid id.
        .filter(s -> s.chars().anyMatch(c -> c > 0x7f));
    return Combinators.combine(odd, Arbitraries.of(0, 1, 2, 3)).as((s, how) -> switch (how) {
      case 0 -> "{\"prompt\":\"" + s + "\",\"" + s + "\":1}"; // as an unknown field name
      case 1 -> "{\"prompt\":\"" + s + "\",\"model\":\"" + s + "\"}"; // not a model
      case 2 -> "{\"prompt\":\"" + s + "\",\"node_id\":\"" + s + "\"}"; // not an id
      default -> "{\"prompt\":\"" + s + "\",\"parameters\":{\"aspect_ratio\":\"" + s + "\"}}";
    });
  }

  private static boolean pairedSurrogates(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  // ---- content types --------------------------------------------------------------------------

  /** A valid body under a Content-Type that is not JSON in UTF-8 (or none, or two). */
  static Arbitrary<FuzzRequest> wrongContentTypes() {
    Arbitrary<List<String>> types = Arbitraries.of(
        List.of(), List.of("Content-Type: text/plain"), List.of("Content-Type: application/x-www-form-urlencoded"),
        List.of("Content-Type: multipart/form-data; boundary=x"), List.of("Content-Type: application/json; charset=latin1"),
        List.of("Content-Type: application/json; charset=utf-16"), List.of("Content-Type: application/jsonx"),
        List.of("Content-Type: json"), List.of("Content-Type: "), List.of("Content-Type: */*"),
        List.of("Content-Type: application/json, text/plain"), List.of("Content-Type: text/json"),
        List.of("Content-Type: application/json\u0000"), List.of("Content-Type: application/\u00e9json"),
        List.of("Content-Type: text/plain", "Content-Type: application/json"),
        List.of("Content-Type: application/json", "Content-Type: text/plain"),
        List.of("Content-Type: application/json; charset=utf-8; charset=latin1"));
    return types.map(t -> {
      List<String> headers = new ArrayList<>(List.of(AUTH));
      headers.addAll(t);
      return new FuzzRequest("content type", "POST", "/v1/jobs", headers, utf8(VALID_BODY), Framing.CONTENT_LENGTH);
    });
  }

  // ---- headers --------------------------------------------------------------------------------

  /**
   * A valid body with a forged or broken Authorization header (so nothing may be created), plus
   * headers a client might use to confuse routing, tracing or framing.
   *
   * @param forgedTokens well-formed tokens that must not verify (another project, expired)
   */
  static Arbitrary<FuzzRequest> forgedHeaders(List<String> forgedTokens) {
    List<List<String>> authorizations = new ArrayList<>(List.of(
        List.of(), List.of("Authorization: Bearer"), List.of("Authorization: Bearer "), List.of("Authorization: "),
        List.of("Authorization: Basic dXNlcjpwYXNz"), List.of("Authorization: Bearer a.b.c"),
        List.of("Authorization: Bearer " + "x".repeat(5000)), List.of("Authorization: Token " + FuzzRequest.TOKEN),
        List.of("Authorization: Bearer " + FuzzRequest.TOKEN + "x"),
        List.of("Authorization: Bearer \u00e9\u00ff"),
        List.of(AUTH, AUTH), List.of(AUTH, "Authorization: Bearer a.b.c")));
    forgedTokens.forEach(t -> authorizations.add(List.of("Authorization: Bearer " + t)));
    Arbitrary<List<String>> noise = Arbitraries.of(
        "X-Forwarded-For: 10.0.0.1, 127.0.0.1", "X-Forwarded-Host: evil.example", "Forwarded: for=10.0.0.1;host=evil",
        "X-Original-URL: /v1/uploads", "X-Rewrite-URL: /v1/uploads", "X-HTTP-Method-Override: GET",
        "X-CloudTasks-TaskName: forged", "X-Cloud-Trace-Context: \u00ff/\u0000;o=1", "traceparent: 00-zz-zz-01",
        "Origin: https://evil.example", "Origin: null", "Idempotency-Key: " + "k".repeat(300),
        "Idempotency-Key: \u00e9\u00e8", "User-Agent: \u00ff\u00fe", "X-A: a\u0001b", "X-A: a\tb",
        "X-Long: " + "v".repeat(20_000), "Bad Header: x", ": empty name", "X-A:\r\n folded",
        "Content-Length: 1", "Expect: 100-continue", "Transfer-Encoding: identity", "Cookie: session=x")
        .list().ofMaxSize(4).uniqueElements();
    return Combinators.combine(Arbitraries.of(authorizations), noise).as((auth, extra) -> {
      List<String> headers = new ArrayList<>(auth);
      headers.add(JSON);
      headers.addAll(extra);
      return new FuzzRequest("forged headers", "POST", "/v1/jobs", headers, utf8(VALID_BODY), Framing.CONTENT_LENGTH);
    });
  }

  // ---- paths ----------------------------------------------------------------------------------

  /** Every method on odd targets, signed in, with a body that creates nothing anywhere. */
  static Arbitrary<FuzzRequest> badPaths() {
    Arbitrary<String> segment = Arbitraries.oneOf(
        Arbitraries.of("v1", "jobs", "nodes", "uploads", "latest", "", ".", "..", "%2e%2e", "%2E", ".%2e", "%00",
            "a%00b", "%2F", "%2f..", "%5C", "%", "%Z", "%ZZ", "%C0%AE", "%C0%80", "%FF", "%ED%A0%80", ";a=b", "jobs;x",
            "%3B", "x:cancel", ":cancel", "%3Acancel", "\u00c3\u00a9", "\u00ff", "%7E", "~", "*", "%20", "a b%09",
            "favicon.ico", "robots.txt"),
        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12),
        Arbitraries.integers().between(100, 12_000).map("a"::repeat));
    Arbitrary<String> query = Arbitraries.of("", "?", "?page_size=-1", "?page_size=2&page_size=3", "?%00=1",
        "?node_id=%00", "?node_id=%ED%A0%80", "?status=x", "?a", "?page_token=" + "t".repeat(3000), "#frag", "?%",
        "?node_id=a%2Fb");
    Arbitrary<String> path = Combinators.combine(segment.list().ofMinSize(1).ofMaxSize(6), query)
        .as((s, q) -> "/" + String.join("/", s) + q);
    Arbitrary<String> target = Arbitraries.oneOf(path, Arbitraries.of("*", "http://evil.example/v1/jobs",
        "//v1/jobs", "v1/jobs", "/v1/jobs?%", "/v1//jobs", "/v1/jobs/..", "/v1/jobs/%2e%2e/jobs", "/%76%31/jobs"));
    Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE",
        "FOO", "get", "P\u00d6ST");
    return Combinators.combine(method, target).as((m, t) -> new FuzzRequest("bad path", m, t,
        List.of(AUTH, JSON), utf8("{}"), Framing.CONTENT_LENGTH));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
