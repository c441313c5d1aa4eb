package dev.veojobs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veojobs.config.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class VariableValidationContractTest {

  private static final List<Object> COUNTS = List.of(0, 3, 50, 2147483647, -1, 1.5, 2147483648L);

  /** The same values go to the Terraform condition and to Config; both must answer alike. */
  static final Map<String, List<Object>> CASES = cases();

  private static Map<String, List<Object>> cases() {
    Map<String, List<Object>> cases = new LinkedHashMap<>();
    cases.put("signed_url_ttl", List.of("PT1H", "PT15M", "P1D", "P7D", "PT168H", "P6DT24H", "pt1h", "PT1.5S",
        "PT604800S", "P7DT1H", "PT168H1S", "PT604800.5S", "P8D", "PT0S", "PT", "P", "P1DT", "1h", "PT-1H",
        "-PT1H", "P1W", "PT1.5H"));
    cases.put("job_deadline", List.of("PT20M", "PT1H", "P1D", "pt20m", "PT0.5S", "PT90M30S", "PT0S", "PT",
        "P1DT", "20m", "PT-20M", "P1W", "PT1,5S"));
    cases.put("user_max_in_flight", COUNTS);
    cases.put("user_max_jobs_per_day", COUNTS);
    cases.put("global_max_in_flight", COUNTS);
    cases.put("allowed_origins", List.of(
        List.of("https://app.example.com"), List.of("http://localhost:8000"), List.of("https://app.example.com/"),
        List.of("HTTPS://App.Example.com"), List.of("https://a.example.com", "https://b.example.com:8443"),
        List.of("https://app.example.com/path"), List.of("https://app.example.com?x=1"),
        List.of("https://app.example.com#top"), List.of("https://user@app.example.com"),
        List.of("https://*.example.com"), List.of("ftp://example.com"), List.of("app.example.com"),
        List.of("https://a.example.com", "https://b.example.com/x")));
    return cases;
  }

  @Test
  void terraformAcceptsExactlyWhatConfigAcceptsOnTheSharedCases() {
    List<String> problems = VariableValidationContract.disagreements(TerraformModule.baseline().sources(), CASES);

    assertThat(problems)
        .withFailMessage("Terraform validation and Config disagree:%n%s", String.join("\n", problems))
        .isEmpty();
  }

  @Test
  void everyVariableThatBecomesAValidatedSettingHasCases() {
    Set<String> validated = new TreeSet<>();
    VariableValidationContract.settingsFromVariables(TerraformModule.baseline().sources()).forEach((variable, setting) -> {
      if (VariableValidationContract.configValidates(setting)) {
        validated.add(variable);
      }
    });

    assertThat(validated).isEqualTo(new TreeSet<>(CASES.keySet()));
  }

  @Test
  void theSevenDayLimitIsTheOneConfigEnforces() {
    // The bug this contract was written for: Terraform let P7DT1H through, the function refused to start.
    assertThat(VariableValidation.of(TerraformModule.baseline().sources(), "signed_url_ttl").accepts("P7DT1H")).isFalse();
    assertThat(VariableValidationContract.configAccepts(Setting.SIGNED_URL_TTL, "P7DT1H")).isFalse();
  }

  @Test
  void aLooserTerraformBoundIsReported() {
    TerraformSources drifted = TerraformModule.baseline().sources()
        .replace("terraform/variables.tf", "<= 604800\\)", "<= 608400)");

    assertThat(VariableValidationContract.disagreements(drifted, Map.of("signed_url_ttl", List.of("PT1H", "P7DT1H"))))
        .containsExactly("var.signed_url_ttl = P7DT1H: Terraform accepts it but Config refuses SIGNED_URL_TTL=P7DT1H");
  }

  @Test
  void aFractionalLimitIsReported() {
    TerraformSources drifted = TerraformModule.baseline().sources()
        .replace("terraform/variables.tf", " && floor\\(var\\.user_max_in_flight\\) == var\\.user_max_in_flight", "");

    assertThat(VariableValidationContract.disagreements(drifted, Map.of("user_max_in_flight", List.of(3, 1.5))))
        .containsExactly("var.user_max_in_flight = 1.5: Terraform accepts it but Config refuses USER_MAX_IN_FLIGHT=1.5");
  }

  @Test
  void anEmptyOriginListIsRefusedByTerraformOnPurpose() {
    // Config reads no origins as "no CORS"; a deployment no browser may call is refused before apply.
    assertThat(VariableValidation.of(TerraformModule.baseline().sources(), "allowed_origins").accepts(List.of())).isFalse();
    assertThat(VariableValidationContract.configAccepts(Setting.CORS_ALLOWED_ORIGINS, List.of())).isTrue();
  }
}
