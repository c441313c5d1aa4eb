package dev.veojobs.emulators.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.rpc.NotFoundException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TasksAdminIT extends TasksItSupport {
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  record Reply(int status, JsonNode body) {}

  @AfterAll
  void closeHttp() {
    http.close();
  }

  private Reply call(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + emu.adminPort() + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    return new Reply(response.statusCode(), json.readTree(response.body()));
  }

  @Test
  void healthIsOk() throws Exception {
    Reply r = call("GET", "/_emulator/health", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().path("status").asText()).isEqualTo("ok");
  }

  @Test
  void listsPendingTasksAndDispatches() throws Exception {
    createQueue("inspect");
    create("inspect", httpTask("/now"));
    create("inspect", httpTask("/later").setScheduleTime(ProtoTime.timestamp(clock.instant().plusSeconds(60))));
    idle();

    JsonNode tasks = call("GET", "/_emulator/tasks", null).body().path("tasks");
    assertThat(tasks).hasSize(1);
    assertThat(tasks.get(0).path("url").asText()).isEqualTo(receiver.url("/later"));
    assertThat(tasks.get(0).path("queue_id").asText()).isEqualTo("inspect");
    assertThat(tasks.get(0).path("state").asText()).isEqualTo("SCHEDULED");
    assertThat(tasks.get(0).path("schedule_time").asText()).isEqualTo(clock.instant().plusSeconds(60).toString());

    JsonNode dispatches = call("GET", "/_emulator/dispatches", null).body().path("dispatches");
    assertThat(dispatches).hasSize(1);
    assertThat(dispatches.get(0).path("url").asText()).isEqualTo(receiver.url("/now"));
    assertThat(dispatches.get(0).path("response_status").asInt()).isEqualTo(200);
    assertThat(dispatches.get(0).path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(dispatches.get(0).path("attempt").asInt()).isEqualTo(1);
  }

  @Test
  void resetDropsEverything() throws Exception {
    createQueue("gone");
    assertThat(call("POST", "/_emulator/reset", null).status()).isEqualTo(200);
    assertThatThrownBy(() -> client.getQueue(queueName("gone"))).isInstanceOf(NotFoundException.class);
  }

  @Test
  void faultsAreSetOverJson() throws Exception {
    createQueue("json-faults");
    Reply set =
        call("POST", "/_emulator/faults", "{\"delay_delivery_seconds\": 5, \"deliver_twice\": \"concurrent\", \"url_contains\": \"/slowpoke\"}");
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.body().path("deliver_twice").asText()).isEqualTo("concurrent");
    assertThat(emu.faults().settings().delay()).isEqualTo(Duration.ofSeconds(5));

    create("json-faults", httpTask("/slowpoke"));
    idle();
    assertThat(receiver.requests()).isEmpty();
    advance(Duration.ofSeconds(5));
    idle();
    assertThat(receiver.requests()).hasSize(2);

    assertThat(call("POST", "/_emulator/faults", "{\"clear\": true}").body().path("deliver_twice").asText()).isEqualTo("none");
    assertThat(emu.faults().settings().delay()).isZero();
  }

  @Test
  void badFaultRequestsAreRejectedWithoutChangingAnything() throws Exception {
    Reply unknown = call("POST", "/_emulator/faults", "{\"deliver_twice\": true, \"explode\": true}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body().path("error").path("message").asText()).contains("explode");
    assertThat(emu.faults().settings().duplicate()).isEqualTo(TaskFaults.Duplicate.NONE);

    assertThat(call("POST", "/_emulator/faults", "{\"delay_delivery_seconds\": -1}").status()).isEqualTo(400);
    assertThat(call("POST", "/_emulator/faults", "not json").status()).isEqualTo(400);
  }

  @Test
  void unknownRoutesAndWrongMethodsAreErrors() throws Exception {
    assertThat(call("GET", "/_emulator/nope", null).status()).isEqualTo(404);
    assertThat(call("GET", "/_emulator/reset", null).status()).isEqualTo(405);
  }
}
