package dev.veojobs.emulators.stack;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The command line of {@code ./dev smoke}: which deployed jobs-api to try, as whom, how long to wait.
 * The token comes from {@code --token} or the {@code VEO_JOBS_TOKEN} environment variable (so it
 * stays out of shell history), e.g. {@code VEO_JOBS_TOKEN=$(gcloud auth print-identity-token)}.
 */
record SmokeArguments(URI apiUrl, String token, String prompt, Duration timeout) {

  static final String TOKEN_ENV = "VEO_JOBS_TOKEN";
  static final String DEFAULT_PROMPT = "a paper boat on a rainy street (post-deploy smoke test)";
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  static final String USAGE = """
      usage: ./dev smoke --api-url URL [--token TOKEN] [--prompt "…"] [--timeout SECONDS]
        Runs one real job against a deployed stack (jobs-api at URL, e.g. terraform output -raw api_url)
        and reports each stage with its latency: create, every status/stage change, the signed video
        URL's first bytes. Exit 0 when the job completed and its video downloads, 1 otherwise.
        The job is a 4-second video with the fast model: it costs one short Veo generation.
          --token TOKEN     a Firebase ID token of a test user (or set VEO_JOBS_TOKEN)
          --prompt "…"      what to generate (default: a paper boat on a rainy street)
          --timeout SECONDS how long to wait for the job (default 600)
      """;

  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  static SmokeArguments parse(String[] args, Map<String, String> env) {
    URI apiUrl = null;
    String token = env.get(TOKEN_ENV);
    String prompt = DEFAULT_PROMPT;
    Duration timeout = DEFAULT_TIMEOUT;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String value;
      if (flag.startsWith("--") && flag.contains("=")) {
        value = flag.substring(flag.indexOf('=') + 1);
        flag = flag.substring(0, flag.indexOf('='));
      } else {
        if (i + 1 >= args.length) {
          throw new UsageException(flag + " needs a value");
        }
        value = args[++i];
      }
      switch (flag) {
        case "--api-url" -> apiUrl = url(value);
        case "--token" -> token = nonBlank(flag, value);
        case "--prompt" -> prompt = nonBlank(flag, value);
        case "--timeout" -> timeout = seconds(value);
        default -> throw new UsageException("unknown option " + flag);
      }
    }
    if (apiUrl == null) {
      throw new UsageException("--api-url is required, e.g. --api-url \"$(terraform -chdir=terraform output -raw api_url)\"");
    }
    if (token == null || token.isBlank()) {
      throw new UsageException("a token is required: --token TOKEN or " + TOKEN_ENV
          + " (gcloud auth print-identity-token, or a Firebase test user's ID token)");
    }
    return new SmokeArguments(apiUrl, token.strip(), prompt, timeout);
  }

  private static URI url(String value) {
    if (!value.matches("https?://[^\\s/]+(/\\S*)?")) {
      throw new UsageException("--api-url must be an http(s) URL, got '" + value + "'");
    }
    return URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
  }

  private static String nonBlank(String flag, String value) {
    if (value.isBlank()) {
      throw new UsageException(flag + " must not be empty");
    }
    return value;
  }

  private static Duration seconds(String value) {
    if (!value.matches("[0-9]+") || Long.parseLong(value) == 0) {
      throw new UsageException("--timeout must be a whole number of seconds above 0, got '" + value + "'");
    }
    return Duration.ofSeconds(Long.parseLong(value));
  }
}
