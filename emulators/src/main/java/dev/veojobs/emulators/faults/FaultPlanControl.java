package dev.veojobs.emulators.faults;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.veojobs.emulators.http.Exchanges;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The same fault-plan routes on every emulator's control plane:
 *
 * <pre>
 * GET    /_emulator/fault-plans           plans with their counters, plus injected / held / released
 * POST   /_emulator/fault-plans           add a plan (JSON below); answers the plan with its id
 * DELETE /_emulator/fault-plans           drop every plan, release held calls, zero the counters
 * POST   /_emulator/fault-plans/release   answer every held call; {"released": n}
 * </pre>
 *
 * A plan: {@code {"calls":["Commit"], "target":"jobs/", "phase":"before|after",
 * "effect":"fail|hang|drop_connection", "code":"UNAVAILABLE" or 503, "times":1, "rate":0.3, "seed":42,
 * "skip":0}}, every field optional. Anything malformed is 400 and adds nothing.
 */
public final class FaultPlanControl {
  public static final String PATH = "/_emulator/fault-plans";
  private static final String RELEASE = PATH + "/release";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS =
      Set.of("calls", "target", "phase", "effect", "code", "times", "rate", "seed", "skip");

  private FaultPlanControl() {}

  public static boolean handles(String path) {
    return path.equals(PATH) || path.equals(RELEASE);
  }

  /** Answers a fault-plan route; the caller checked {@link #handles}. Does not close the exchange. */
  public static void handle(HttpExchange exchange, FaultPlans plans) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    if (path.equals(RELEASE)) {
      if (!method.equals("POST")) {
        notAllowed(exchange, "POST");
        return;
      }
      send(exchange, 200, Map.of("released", plans.releaseHeld()));
      return;
    }
    switch (method) {
      case "GET" -> send(exchange, 200, status(plans));
      case "DELETE" -> send(exchange, 200, status(plans.clear()));
      case "POST" -> {
        FaultPlan plan;
        FaultPlans.PlanStatus added;
        try {
          plan = parse(readBody(exchange));
          added = plans.add(plan);
        } catch (IllegalArgumentException e) {
          send(exchange, 400, Map.of("error", Map.of("code", "INVALID_ARGUMENT", "message", e.getMessage())));
          return;
        }
        send(exchange, 200, json(added));
      }
      default -> notAllowed(exchange, "GET, POST, DELETE");
    }
  }

  /** A plan from its JSON form; IllegalArgumentException naming the field when it is malformed. */
  public static FaultPlan parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("A fault plan is a JSON object.");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("Unknown field '" + name + "'; known fields: "
            + String.join(", ", FIELDS.stream().sorted().toList()) + ".");
      }
    }
    FaultPlan plan = FaultPlan.on(calls(body.get("calls")).toArray(String[]::new));
    if (body.hasNonNull("target")) {
      plan = plan.target(text(body, "target"));
    }
    String phase = body.hasNonNull("phase") ? text(body, "phase").toLowerCase(Locale.ROOT) : "before";
    plan = switch (phase) {
      case "before" -> plan.before();
      case "after" -> plan.after();
      default -> throw new IllegalArgumentException("'phase' must be \"before\" or \"after\".");
    };
    String effect = body.hasNonNull("effect") ? text(body, "effect").toLowerCase(Locale.ROOT) : "fail";
    JsonNode code = body.get("code");
    if (code != null && !code.isNull() && !effect.equals("fail")) {
      throw new IllegalArgumentException("'code' only goes with \"effect\": \"fail\".");
    }
    plan = switch (effect) {
      case "fail" -> code == null || code.isNull() ? plan : plan.fail(code(code));
      case "hang" -> plan.hang();
      case "drop_connection" -> plan.dropConnection();
      default -> throw new IllegalArgumentException("'effect' must be \"fail\", \"hang\" or \"drop_connection\".");
    };
    int times = integer(body, "times", 0);
    int skip = integer(body, "skip", 0);
    double rate = 1.0;
    if (body.hasNonNull("rate")) {
      if (!body.get("rate").isNumber()) {
        throw new IllegalArgumentException("'rate' must be a number in (0, 1].");
      }
      rate = body.get("rate").asDouble();
    }
    long seed = 0;
    if (body.hasNonNull("seed")) {
      if (!body.get("seed").isIntegralNumber() || !body.get("seed").canConvertToLong()) {
        throw new IllegalArgumentException("'seed' must be an integer.");
      }
      seed = body.get("seed").asLong();
    }
    return plan.times(times).rate(rate, seed).skip(skip);
  }

  /** Every plan with its counters, and the emulator-wide counters. */
  public static Map<String, Object> status(FaultPlans plans) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("plans", plans.plans().stream().map(FaultPlanControl::json).toList());
    out.put("injected", plans.injected());
    out.put("held", plans.held());
    out.put("released", plans.released());
    out.put("calls", plans.calls());
    return out;
  }

  private static Map<String, Object> json(FaultPlans.PlanStatus status) {
    FaultPlan plan = status.plan();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", status.id());
    out.put("calls", plan.calls().stream().sorted().toList());
    out.put("target", plan.target());
    out.put("phase", plan.phase().name().toLowerCase(Locale.ROOT));
    out.put("effect", plan.effect().name().toLowerCase(Locale.ROOT));
    out.put("code", plan.code());
    out.put("times", plan.times());
    out.put("rate", plan.rate());
    out.put("seed", plan.seed());
    out.put("skip", plan.skip());
    out.put("matched", status.matched());
    out.put("injected", status.injected());
    return out;
  }

  private static List<String> calls(JsonNode calls) {
    List<String> names = new ArrayList<>();
    if (calls == null || calls.isNull()) {
      return names;
    }
    if (calls.isTextual()) {
      names.add(calls.asText());
      return names;
    }
    if (!calls.isArray()) {
      throw new IllegalArgumentException("'calls' must be a call name or an array of them.");
    }
    Set<String> unique = new LinkedHashSet<>();
    for (JsonNode call : calls) {
      if (!call.isTextual()) {
        throw new IllegalArgumentException("'calls' must be a call name or an array of them.");
      }
      unique.add(call.asText());
    }
    names.addAll(unique);
    return names;
  }

  private static String code(JsonNode code) {
    if (code.isTextual()) {
      return code.asText();
    }
    if (code.isIntegralNumber() && code.canConvertToInt()) {
      return Integer.toString(code.asInt());
    }
    throw new IllegalArgumentException("'code' must be a gRPC code name or an HTTP status.");
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' must be a string.");
    }
    return value.asText();
  }

  private static int integer(JsonNode body, String field, int fallback) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 0) {
      throw new IllegalArgumentException("'" + field + "' must be an integer, zero or more.");
    }
    return value.asInt();
  }

  private static JsonNode readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readAllBytes();
      return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("The body must be a JSON object.");
    }
  }

  private static void notAllowed(HttpExchange exchange, String allowed) throws IOException {
    exchange.getResponseHeaders().set("Allow", allowed);
    send(exchange, 405, Map.of("error", Map.of("code", "METHOD_NOT_ALLOWED", "message", "Use " + allowed + ".")));
  }

  private static void send(HttpExchange exchange, int status, Object body) throws IOException {
    Exchanges.send(exchange, status, "application/json; charset=UTF-8", JSON.writeValueAsBytes(body));
  }
}
