package dev.veojobs.emulators.veo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /_emulator/...}: health, reset, the start log, scripting outcomes (next, by prompt or by seeded
 * rate) and changing latency or quota over HTTP, for the local stack and for tests in other processes.
 * Fault plans have their own routes ({@code FaultPlanControl}).
 */
final class ControlPlaneHandler {
  private static final Set<String> SCRIPT_FIELDS =
      Set.of("outcome", "promptContains", "times", "rate", "seed", "reasons", "code", "message", "httpStatus",
          "status");
  private static final Set<String> SETTINGS_FIELDS = Set.of("latencySeconds", "quotaPerMinute");

  private final VeoEmulator emulator;

  ControlPlaneHandler(VeoEmulator emulator) {
    this.emulator = emulator;
  }

  void handle(HttpExchange exchange, String route) throws IOException {
    String method = exchange.getRequestMethod();
    switch (method + " " + route) {
      case "GET health" -> HttpJson.send(exchange, 200, status("ok"));
      case "POST reset" -> {
        emulator.reset();
        HttpJson.send(exchange, 200, status("ok"));
      }
      case "GET starts" -> HttpJson.send(exchange, 200, starts());
      case "POST script" -> {
        script(HttpJson.readBody(exchange));
        HttpJson.send(exchange, 200, status("ok"));
      }
      case "GET settings" -> HttpJson.send(exchange, 200, settings());
      case "POST settings" -> {
        applySettings(HttpJson.readBody(exchange));
        HttpJson.send(exchange, 200, settings());
      }
      default -> throw GoogleApiError.unimplemented(
          "The Veo emulator's control plane does not implement " + method + " /_emulator/" + route + ".");
    }
  }

  private static ObjectNode status(String status) {
    ObjectNode node = HttpJson.MAPPER.createObjectNode();
    node.put("status", status);
    return node;
  }

  private ObjectNode starts() throws IOException {
    List<StartRecord> records = emulator.starts();
    ObjectNode body = HttpJson.MAPPER.createObjectNode();
    body.put("count", records.size());
    ArrayNode list = body.putArray("starts");
    for (StartRecord record : records) {
      ObjectNode entry = list.addObject();
      entry.put("model", record.model());
      entry.put("prompt", record.prompt());
      entry.set("parameters", HttpJson.MAPPER.readTree(record.parametersJson()));
      entry.put("operationName", record.operationName());
      entry.put("startedAt", record.startedAt().toString());
    }
    return body;
  }

  private void script(JsonNode body) {
    rejectUnknown(body, SCRIPT_FIELDS);
    String kind = text(body, "outcome", null);
    if (kind == null) {
      throw GoogleApiError.invalidArgument("outcome is required: one of SUCCESS, SAFETY_FILTERED, "
          + "OPERATION_ERROR, DONE_WITHOUT_VIDEO, NOT_FOUND, START_ERROR.");
    }
    Outcome outcome = switch (kind.toUpperCase(Locale.ROOT)) {
      case "SUCCESS" -> Outcome.SUCCESS;
      case "SAFETY_FILTERED" -> body.has("reasons") ? new Outcome.SafetyFiltered(reasons(body)) : Outcome.SAFETY_FILTERED;
      case "OPERATION_ERROR" -> Outcome.operationError(
          integer(body, "code", 13), text(body, "message", "Internal error encountered."));
      case "DONE_WITHOUT_VIDEO" -> Outcome.DONE_WITHOUT_VIDEO;
      case "NOT_FOUND" -> Outcome.NOT_FOUND;
      case "START_ERROR" -> {
        try {
          yield Outcome.startError(integer(body, "httpStatus", 503), text(body, "status", "UNAVAILABLE"),
              text(body, "message", "The service is currently unavailable."));
        } catch (IllegalArgumentException e) {
          throw GoogleApiError.invalidArgument(e.getMessage());
        }
      }
      default -> throw GoogleApiError.invalidArgument("unknown outcome \"" + kind + "\".");
    };
    String promptContains = text(body, "promptContains", null);
    if (body.hasNonNull("seed") && !body.hasNonNull("rate")) {
      throw GoogleApiError.invalidArgument("seed goes with rate.");
    }
    if (body.hasNonNull("rate")) {
      if (promptContains != null || body.hasNonNull("times")) {
        throw GoogleApiError.invalidArgument("rate goes with seed only, not with promptContains or times.");
      }
      JsonNode rate = body.get("rate");
      if (!rate.isNumber() || !(rate.asDouble() > 0 && rate.asDouble() <= 1)) {
        throw GoogleApiError.invalidArgument("rate must be a number in (0, 1].");
      }
      JsonNode seed = body.get("seed");
      if (seed != null && !seed.isNull() && !(seed.isIntegralNumber() && seed.canConvertToLong())) {
        throw GoogleApiError.invalidArgument("seed must be an integer.");
      }
      emulator.scriptRate(rate.asDouble(), seed == null || seed.isNull() ? 0 : seed.asLong(), outcome);
    } else if (promptContains != null) {
      if (promptContains.isEmpty()) {
        throw GoogleApiError.invalidArgument("promptContains must not be empty.");
      }
      emulator.scriptForPromptContaining(promptContains, outcome);
    } else {
      int times = integer(body, "times", 1);
      if (times < 1) {
        throw GoogleApiError.invalidArgument("times must be at least 1.");
      }
      emulator.scriptNext(times, outcome);
    }
  }

  private ObjectNode settings() {
    ObjectNode body = HttpJson.MAPPER.createObjectNode();
    body.put("latencySeconds", emulator.latency().toMillis() / 1000.0);
    body.put("quotaPerMinute", emulator.quotaPerMinute());
    return body;
  }

  private void applySettings(JsonNode body) {
    rejectUnknown(body, SETTINGS_FIELDS);
    JsonNode latency = body.get("latencySeconds");
    if (latency != null) {
      if (!latency.isNumber() || latency.asDouble() < 0) {
        throw GoogleApiError.invalidArgument("latencySeconds must be a number >= 0.");
      }
      emulator.latency(Duration.ofMillis(Math.round(latency.asDouble() * 1000)));
    }
    if (body.has("quotaPerMinute")) {
      int quota = integer(body, "quotaPerMinute", 0);
      if (quota < 0) {
        throw GoogleApiError.invalidArgument("quotaPerMinute must be >= 0.");
      }
      emulator.quotaPerMinute(quota);
    }
  }

  private static void rejectUnknown(JsonNode body, Set<String> known) {
    if (!body.isObject()) {
      throw GoogleApiError.invalidArgument("the body must be a JSON object.");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw GoogleApiError.invalidArgument("unknown field \"" + name + "\"; known: " + known.stream().sorted().toList());
      }
    }
  }

  private static String text(JsonNode body, String field, String fallback) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw GoogleApiError.invalidArgument(field + " must be a string.");
    }
    return value.asText();
  }

  private static int integer(JsonNode body, String field, int fallback) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw GoogleApiError.invalidArgument(field + " must be an integer.");
    }
    return value.asInt();
  }

  private static List<String> reasons(JsonNode body) {
    JsonNode reasons = body.get("reasons");
    if (!reasons.isArray()) {
      throw GoogleApiError.invalidArgument("reasons must be an array of strings.");
    }
    List<String> list = new ArrayList<>();
    reasons.forEach(reason -> {
      if (!reason.isTextual()) {
        throw GoogleApiError.invalidArgument("reasons must be an array of strings.");
      }
      list.add(reason.asText());
    });
    return list;
  }
}
