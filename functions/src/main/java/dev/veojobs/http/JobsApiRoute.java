package dev.veojobs.http;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The routes of jobs-api (DESIGN §4), matched on the decoded path. */
sealed interface JobsApiRoute {
  /** {@code /v1/jobs}: create (POST) and list (GET). */
  record Jobs() implements JobsApiRoute {}

  /** {@code /v1/jobs/{id}}. */
  record OneJob(String jobId) implements JobsApiRoute {}

  /** {@code /v1/jobs/{id}/events}: the job's history, oldest first. */
  record Events(String jobId) implements JobsApiRoute {}

  /** {@code /v1/jobs/{id}:cancel}. */
  record Cancel(String jobId) implements JobsApiRoute {}

  /** {@code /v1/jobs/{id}:extend}: a new job continuing this one's video (a create with {@code extend_from_job_id}). */
  record Extend(String jobId) implements JobsApiRoute {}

  /** {@code /v1/uploads}: a signed PUT URL for an input image. */
  record Upload() implements JobsApiRoute {}

  /** {@code /v1/nodes/{node_id}/jobs/latest}. */
  record NodeLatest(String nodeId) implements JobsApiRoute {}

  String CANCEL_SUFFIX = ":cancel";
  String EXTEND_SUFFIX = ":extend";
  /** Job ids are server-made; anything else cannot name a job, so it is simply not found. */
  Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.~-]{0,127}");

  /** The methods a route answers, for 405's Allow header. */
  default List<String> methods() {
    return switch (this) {
      case Jobs j -> List.of("GET", "POST", "OPTIONS");
      case OneJob j -> List.of("GET", "DELETE", "OPTIONS");
      case Events e -> List.of("GET", "OPTIONS");
      case Cancel c -> List.of("POST", "OPTIONS");
      case Extend e -> List.of("POST", "OPTIONS");
      case NodeLatest n -> List.of("GET", "OPTIONS");
      case Upload u -> List.of("POST", "OPTIONS");
    };
  }

  static Optional<JobsApiRoute> match(String path) {
    String p = path == null ? "" : path;
    if (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    String[] s = p.startsWith("/") ? p.substring(1).split("/", -1) : p.split("/", -1);
    if (s.length < 2 || !s[0].equals("v1")) {
      return Optional.empty();
    }
    if (s[1].equals("jobs")) {
      if (s.length == 2) {
        return Optional.of(new Jobs());
      }
      if (s.length == 3) {
        String last = s[2];
        if (last.endsWith(CANCEL_SUFFIX)) {
          return Optional.of(new Cancel(last.substring(0, last.length() - CANCEL_SUFFIX.length())));
        }
        if (last.endsWith(EXTEND_SUFFIX)) {
          return Optional.of(new Extend(last.substring(0, last.length() - EXTEND_SUFFIX.length())));
        }
        return last.contains(":") ? Optional.empty() : Optional.of(new OneJob(last));
      }
      if (s.length == 4 && s[3].equals("events") && !s[2].contains(":")) {
        return Optional.of(new Events(s[2]));
      }
      return Optional.empty();
    }
    if (s[1].equals("uploads") && s.length == 2) {
      return Optional.of(new Upload());
    }
    if (s[1].equals("nodes") && s.length == 5 && s[3].equals("jobs") && s[4].equals("latest") && !s[2].isEmpty()) {
      return Optional.of(new NodeLatest(s[2]));
    }
    return Optional.empty();
  }

  static boolean isJobId(String id) {
    return JOB_ID.matcher(id).matches();
  }
}
