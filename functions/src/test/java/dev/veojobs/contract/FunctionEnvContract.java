package dev.veojobs.contract;

import static dev.veojobs.contract.TerraformModule.text;

import dev.veojobs.config.FunctionName;
import dev.veojobs.config.Setting;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Terraform sets on each function every setting it requires, only settings it reads, never an
 * emulator setting, and the same value for a setting on every function that reads it.
 */
public final class FunctionEnvContract {

  // Each function signs URLs as its own identity, so this one legitimately differs between them.
  private static final Set<Setting> PER_FUNCTION_VALUES = Set.of(Setting.URL_SIGNER_SA);

  private FunctionEnvContract() {}

  public static List<String> problems(TerraformModule module) {
    List<String> problems = new ArrayList<>();
    Map<FunctionName, DeployedFunction> deployed = DeployedFunction.in(module);
    for (String unknown : DeployedFunction.unknownNames(module)) {
      problems.add("Terraform deploys function " + unknown + ", which dev.veojobs.config.FunctionName does not list");
    }
    for (FunctionName function : FunctionName.values()) {
      DeployedFunction fn = deployed.get(function);
      if (fn == null) {
        problems.add("Terraform deploys no " + DeployedFunction.TYPE + " named " + function.serviceName());
        continue;
      }
      problems.addAll(environmentProblems(fn));
    }
    problems.addAll(consistencyProblems(deployed));
    return problems;
  }

  private static List<String> environmentProblems(DeployedFunction fn) {
    List<String> problems = new ArrayList<>();
    Set<String> names = fn.environment().keySet();
    for (Setting setting : Setting.values()) {
      if (setting.requiredBy(fn.function()) && !names.contains(setting.envName())) {
        problems.add(fn.name() + ": Terraform does not set " + setting.envName() + ", which " + fn.name() + " requires");
      }
    }
    for (String name : names) {
      Setting setting = settingNamed(name);
      if (setting == null || !setting.usedBy(fn.function())) {
        problems.add(fn.name() + ": Terraform sets " + name
            + ", which dev.veojobs.config.Setting does not list for " + fn.name());
      } else if (!setting.deployable()) {
        problems.add(fn.name() + ": Terraform sets " + name + ", an emulator-only setting that must never be deployed");
      }
    }
    return problems;
  }

  private static List<String> consistencyProblems(Map<FunctionName, DeployedFunction> deployed) {
    List<String> problems = new ArrayList<>();
    for (Setting setting : Setting.values()) {
      if (PER_FUNCTION_VALUES.contains(setting)) {
        continue;
      }
      Map<FunctionName, String> values = new EnumMap<>(FunctionName.class);
      deployed.forEach((function, fn) -> {
        if (fn.environment().containsKey(setting.envName())) {
          values.put(function, text(fn.environment().get(setting.envName())));
        }
      });
      if (values.values().stream().filter(Objects::nonNull).distinct().count() > 1) {
        StringBuilder detail = new StringBuilder();
        values.forEach((function, value) -> detail.append(detail.isEmpty() ? "" : ", ")
            .append(function.serviceName()).append('=').append(value));
        problems.add(setting.envName() + " differs between functions (" + detail
            + "); one setting must mean one thing across the pipeline");
      }
    }
    return problems;
  }

  private static Setting settingNamed(String envName) {
    for (Setting setting : Setting.values()) {
      if (setting.envName().equals(envName)) {
        return setting;
      }
    }
    return null;
  }
}
