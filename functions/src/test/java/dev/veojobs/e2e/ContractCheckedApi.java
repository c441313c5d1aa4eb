package dev.veojobs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veojobs.emulators.stack.EmulatorIdTokens;
import dev.veojobs.emulators.stack.JobsApiClient;
import dev.veojobs.emulators.stack.LocalStack;
import dev.veojobs.http.OpenApiContract;
import java.util.Map;

/**
 * The jobs-api as one signed-in user sees it over HTTP, with every answer checked against the
 * OpenAPI document before the test looks at it.
 */
final class ContractCheckedApi {
  private final JobsApiClient client;

  ContractCheckedApi(LocalStack stack, String uid) {
    this.client = new JobsApiClient(stack.apiUrl(),
        () -> EmulatorIdTokens.forUser(stack.projectId(), uid, stack.clock().instant()));
  }

  JobsApiClient.Response create(String body) {
    return checked("POST", "/v1/jobs", client.createJob(body));
  }

  JobsApiClient.Response create(String body, String idempotencyKey) {
    return checked("POST", "/v1/jobs", client.createJob(body, idempotencyKey));
  }

  /** Creates a job that must be accepted; returns its JSON. */
  JsonNode accepted(String body) {
    JobsApiClient.Response response = create(body);
    if (response.status() != 202) {
      throw new AssertionError("expected 202 for " + body + ", got " + response.status() + " " + response.text());
    }
    return response.body();
  }

  JobsApiClient.Response get(String id) {
    return checked("GET", "/v1/jobs/" + id, client.getJob(id));
  }

  JsonNode job(String id) {
    JobsApiClient.Response response = get(id);
    if (response.status() != 200) {
      throw new AssertionError("GET /v1/jobs/" + id + " answered " + response.status() + " " + response.text());
    }
    return response.body();
  }

  /** {@code POST /v1/jobs/{id}:extend} with a create body. */
  JobsApiClient.Response extend(String id, String body) {
    return checked("POST", "/v1/jobs/" + id + ":extend", client.post("/v1/jobs/" + id + ":extend", body, Map.of()));
  }

  JobsApiClient.Response cancel(String id) {
    return checked("POST", "/v1/jobs/" + id + ":cancel", client.cancelJob(id));
  }

  JobsApiClient.Response delete(String id) {
    return checked("DELETE", "/v1/jobs/" + id, client.delete("/v1/jobs/" + id));
  }

  /** {@code query} without the '?', or empty. */
  JobsApiClient.Response events(String id, String query) {
    String path = "/v1/jobs/" + id + "/events";
    return checked("GET", path, client.get(query.isEmpty() ? path : path + "?" + query));
  }

  JobsApiClient.Response upload(String body) {
    return checked("POST", "/v1/uploads", client.post("/v1/uploads", body, Map.of()));
  }

  JobsApiClient.Response latestOfNode(String nodeId) {
    return checked("GET", "/v1/nodes/" + nodeId + "/jobs/latest", client.latestJobOfNode(nodeId));
  }

  JobsApiClient.Response list(String query) {
    JobsApiClient.Response response = client.get("/v1/jobs?" + query);
    return checked("GET", "/v1/jobs", response);
  }

  private static JobsApiClient.Response checked(String method, String path, JobsApiClient.Response response) {
    OpenApiContract.jobsApi().assertValid(method, path, response.status(), headersOf(response), response.text());
    return response;
  }

  private static Map<String, java.util.List<String>> headersOf(JobsApiClient.Response response) {
    return response.headers();
  }
}
