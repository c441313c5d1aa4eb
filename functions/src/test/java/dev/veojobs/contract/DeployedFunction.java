package dev.veojobs.contract;

import static dev.veojobs.contract.TerraformModule.block;
import static dev.veojobs.contract.TerraformModule.blocks;
import static dev.veojobs.contract.TerraformModule.number;
import static dev.veojobs.contract.TerraformModule.text;

import dev.veojobs.config.FunctionName;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One google_cloudfunctions2_function of the Terraform, matched to its FunctionName by name. */
public record DeployedFunction(FunctionName function, String address, Map<String, Object> body) {

  public static final String TYPE = "google_cloudfunctions2_function";

  /** The deployed functions Terraform declares, by the FunctionName whose service name they carry. */
  public static Map<FunctionName, DeployedFunction> in(TerraformModule module) {
    Map<FunctionName, DeployedFunction> found = new EnumMap<>(FunctionName.class);
    module.resources(TYPE).forEach((name, body) -> {
      for (FunctionName function : FunctionName.values()) {
        if (function.serviceName().equals(text(body.get("name")))) {
          found.put(function, new DeployedFunction(function, TYPE + "." + name, body));
        }
      }
    });
    return found;
  }

  /** Function names Terraform declares that no FunctionName carries. */
  public static List<String> unknownNames(TerraformModule module) {
    List<String> unknown = new ArrayList<>();
    module.resources(TYPE).forEach((name, body) -> {
      String deployed = text(body.get("name"));
      boolean known = false;
      for (FunctionName function : FunctionName.values()) {
        known |= function.serviceName().equals(deployed);
      }
      if (!known) {
        unknown.add(deployed + " (" + TYPE + "." + name + ")");
      }
    });
    return unknown;
  }

  public String name() {
    return function.serviceName();
  }

  /** Plain and secret environment variables, name to value (secret values are their secret ids). */
  public Map<String, Object> environment() {
    Map<String, Object> env = new LinkedHashMap<>();
    Map<String, Object> service = serviceConfig();
    if (service.get("environment_variables") instanceof Map<?, ?> plain) {
      plain.forEach((key, value) -> env.put(String.valueOf(key), value));
    }
    List<Map<String, Object>> secrets = new ArrayList<>(blocks(service, "secret_environment_variables"));
    // A secret mounted behind a toggle is a dynamic block; its content is what would be deployed.
    for (Map<String, Object> dynamic : blocks(service, "dynamic")) {
      for (Map<String, Object> generated : blocks(dynamic, "secret_environment_variables")) {
        secrets.addAll(blocks(generated, "content"));
      }
    }
    for (Map<String, Object> secret : secrets) {
      env.put(text(secret.get("key")), secret.get("secret"));
    }
    return env;
  }

  public String entryPoint() {
    return text(block(body, "build_config").get("entry_point"));
  }

  public String runtime() {
    return text(block(body, "build_config").get("runtime"));
  }

  public Optional<Double> timeoutSeconds() {
    return number(serviceConfig().get("timeout_seconds"));
  }

  /** The google_service_account the function runs as, e.g. google_service_account.jobs_api. */
  public String serviceAccount() {
    return TerraformModule.addressOf(serviceConfig().get("service_account_email"));
  }

  public Map<String, Object> serviceConfig() {
    return block(body, "service_config");
  }
}
