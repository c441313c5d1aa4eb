package dev.veojobs.contract;

import dev.veojobs.config.Config;
import dev.veojobs.config.ConfigException;
import dev.veojobs.config.FunctionName;
import dev.veojobs.config.Setting;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Terraform variable that becomes a setting accepts exactly what {@link Config} accepts for that
 * setting: a value Terraform lets through but Config refuses is a function that does not start
 * after a successful apply. Both are fed the same values.
 */
public final class VariableValidationContract {

  // NAME = var.x, NAME = tostring(var.x), NAME = join(",", var.x) in a function's environment.
  private static final Pattern SETTING_FROM_VARIABLE =
      Pattern.compile("(?m)^\\s+([A-Z][A-Z0-9_]+)\\s+= (?:tostring\\(|join\\(\",\", )?var\\.([a-z0-9_]+)\\)?\\s*$");

  private VariableValidationContract() {}

  /** Variable name to the setting it becomes, read from terraform/functions.tf. */
  public static Map<String, Setting> settingsFromVariables(TerraformSources sources) {
    Map<String, Setting> settings = new LinkedHashMap<>();
    Matcher m = SETTING_FROM_VARIABLE.matcher(sources.text("terraform/functions.tf"));
    while (m.find()) {
      settings.put(m.group(2), Setting.valueOf(m.group(1)));
    }
    return settings;
  }

  /** Whether Config refuses some value of this setting: a setting that takes any text needs no rule. */
  public static boolean configValidates(Setting setting) {
    return !configAccepts(setting, "?? not a value of any kind ??");
  }

  public static boolean configAccepts(Setting setting, Object terraformValue) {
    FunctionName function = null;
    for (FunctionName candidate : FunctionName.values()) {
      if (setting.usedBy(candidate)) {
        function = candidate;
        break;
      }
    }
    Map<String, String> env = new HashMap<>(requiredEnvironment());
    env.put(setting.envName(), asEnvironmentValue(terraformValue));
    try {
      Config.load(function, env);
      return true;
    } catch (ConfigException e) {
      return false;
    }
  }

  /** Each case where Terraform and Config disagree, as a sentence. */
  public static List<String> disagreements(TerraformSources sources, Map<String, List<Object>> cases) {
    Map<String, Setting> settings = settingsFromVariables(sources);
    List<String> problems = new ArrayList<>();
    cases.forEach((variable, values) -> {
      Setting setting = settings.get(variable);
      if (setting == null) {
        problems.add("variable " + variable + " becomes no setting in terraform/functions.tf");
        return;
      }
      VariableValidation rule = VariableValidation.of(sources, variable);
      for (Object value : values) {
        boolean terraform = rule.accepts(value);
        boolean config = configAccepts(setting, value);
        if (terraform != config) {
          problems.add("var." + variable + " = " + value + ": Terraform " + (terraform ? "accepts" : "refuses")
              + " it but Config " + (config ? "accepts" : "refuses") + " " + setting.envName() + "="
              + asEnvironmentValue(value));
        }
      }
    });
    return problems;
  }

  /** What Terraform puts in the environment: tostring() of a number, join(",") of a list. */
  static String asEnvironmentValue(Object value) {
    if (value instanceof List<?> list) {
      return String.join(",", list.stream().map(String::valueOf).toList());
    }
    if (value instanceof Number number) {
      return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }

  private static Map<String, String> requiredEnvironment() {
    return Map.of(
        "GOOGLE_CLOUD_PROJECT", "veo-prod",
        "VIDEO_BUCKET", "veo-prod-videos",
        "TASKS_LOCATION", "us-central1",
        "TASKS_QUEUE", "veo-jobs",
        "TASKS_START_QUEUE", "veo-jobs-start",
        "TASKS_INVOKER_SA", "tasks-invoker@veo-prod.iam.gserviceaccount.com",
        "WORKER_URL", "https://job-worker-1.us-central1.run.app",
        "FINALIZER_URL", "https://job-finalizer-1.us-central1.run.app",
        "URL_SIGNER_SA", "jobs-api@veo-prod.iam.gserviceaccount.com");
  }
}
