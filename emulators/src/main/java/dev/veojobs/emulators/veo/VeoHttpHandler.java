package dev.veojobs.emulators.veo;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.veojobs.emulators.faults.FaultPlanControl;
import dev.veojobs.emulators.faults.FaultPlans;
import dev.veojobs.emulators.faults.HttpFaults;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes every request on the emulator's port: {@code /_emulator/...} to the control plane, the two
 * Veo methods to the emulator (through its fault plans), and anything else to 501 UNIMPLEMENTED naming
 * what was asked for.
 */
final class VeoHttpHandler implements HttpHandler {
  private static final Logger LOG = Logger.getLogger(VeoHttpHandler.class.getName());
  private static final String MISSING_CREDENTIALS = "Request is missing required authentication credential. "
      + "Expected OAuth 2 access token, login cookie or other valid authentication credential. "
      + "See https://developers.google.com/identity/sign-in/web/devconsole-project.";

  private final VeoEmulator emulator;
  private final ControlPlaneHandler controlPlane;

  VeoHttpHandler(VeoEmulator emulator, ControlPlaneHandler controlPlane) {
    this.emulator = emulator;
    this.controlPlane = controlPlane;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      if (FaultPlanControl.handles(path)) {
        FaultPlanControl.handle(exchange, emulator.faultPlans());
        exchange.close();
        return;
      }
      if (path.startsWith("/_emulator/")) {
        controlPlane.handle(exchange, path.substring("/_emulator/".length()));
        return;
      }
      Optional<ModelPath> modelPath = ModelPath.parse(path);
      if (modelPath.isEmpty()) {
        throw GoogleApiError.unimplemented("The Veo emulator does not implement "
            + exchange.getRequestMethod() + " " + path + ".");
      }
      handleModelMethod(exchange, modelPath.get());
    } catch (GoogleApiError error) {
      HttpJson.sendError(exchange, error);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Veo emulator failed on " + exchange.getRequestURI(), e);
      HttpJson.sendError(exchange, new GoogleApiError(500, "INTERNAL", "Internal error encountered."));
    }
  }

  private void handleModelMethod(HttpExchange exchange, ModelPath path) throws IOException {
    String method = path.method();
    boolean known = method.equals("predictLongRunning") || method.equals("fetchPredictOperation");
    if (!known || !exchange.getRequestMethod().equals("POST")) {
      throw GoogleApiError.unimplemented("The Veo emulator does not implement "
          + exchange.getRequestMethod() + " :" + method + " (it serves POST :predictLongRunning and "
          + "POST :fetchPredictOperation).");
    }
    requireBearerToken(exchange);
    if (!path.publisher().equals("google") || !VeoModels.isSupported(path.model())) {
      throw GoogleApiError.notFound("Publisher Model `" + path.resourceName() + "` not found.");
    }
    JsonNode body = HttpJson.readBody(exchange);
    String prompt = promptOf(method, body);
    Optional<FaultPlans.Injection> fault = emulator.faultPlans().decide(method, prompt::contains);
    if (fault.isPresent() && fault.get().before()) {
      HttpFaults.strike(emulator.faultPlans(), fault.get(), method, exchange, VeoHttpHandler::sendFault);
      return;
    }
    JsonNode answer;
    try {
      answer = method.equals("predictLongRunning")
          ? emulator.startGeneration(path, body)
          : emulator.fetchOperation(operationName(body));
    } catch (GoogleApiError error) {
      if (fault.isEmpty()) {
        throw error;
      }
      answer = null;
    }
    if (fault.isPresent()) {
      // The call took effect (an accepted start is logged, runs and writes its output); its answer is lost.
      HttpFaults.strike(emulator.faultPlans(), fault.get(), method, exchange, VeoHttpHandler::sendFault);
      return;
    }
    HttpJson.send(exchange, 200, answer);
  }

  /** What a fault plan's target is matched against: the start's prompt, or the prompt of the operation fetched. */
  private String promptOf(String method, JsonNode body) {
    if (method.equals("predictLongRunning")) {
      return body.path("instances").path(0).path("prompt").asText("");
    }
    JsonNode name = body.path("operationName");
    return name.isTextual() ? emulator.promptOf(name.asText()).orElse("") : "";
  }

  private static void sendFault(HttpExchange exchange, int status, String message) throws IOException {
    HttpJson.sendError(exchange, new GoogleApiError(status, HttpFaults.statusName(status), message));
  }

  private static String operationName(JsonNode body) {
    if (!body.isObject()) {
      throw GoogleApiError.invalidArgument("Invalid JSON payload received. The request body must be a JSON object.");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("operationName")) {
        throw GoogleApiError.invalidArgument(
            "Invalid JSON payload received. Unknown name \"" + name + "\": Cannot find field.");
      }
    }
    JsonNode name = body.get("operationName");
    if (name == null || !name.isTextual() || name.asText().isEmpty()) {
      throw GoogleApiError.invalidArgument("operationName is required.");
    }
    if (!ModelPath.isOperationName(name.asText())) {
      throw GoogleApiError.invalidArgument("Invalid operation name \"" + name.asText() + "\": expected "
          + "projects/{project}/locations/{location}/publishers/google/models/{model}/operations/{id}.");
    }
    return name.asText();
  }

  private static void requireBearerToken(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        || authorization.substring(7).isBlank()) {
      throw GoogleApiError.unauthenticated(MISSING_CREDENTIALS);
    }
  }
}
