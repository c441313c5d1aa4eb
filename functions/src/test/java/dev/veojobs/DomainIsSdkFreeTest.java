package dev.veojobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.veojobs.app.SdkLeakFixture;
import org.junit.jupiter.api.Test;

/**
 * The domain and the use cases talk to Google only through ports, so they can be tested without
 * any SDK and the adapters can change without touching them. This keeps it that way.
 */
class DomainIsSdkFreeTest {

  static final ArchRule DOMAIN_AND_USE_CASES_ARE_SDK_FREE = noClasses()
      .that().resideInAnyPackage("dev.veojobs.job..", "dev.veojobs.app..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "com.google..", "io.grpc..", "com.fasterxml..",
          "dev.veojobs.gcp..", "dev.veojobs.http..", "dev.veojobs.config..", "dev.veojobs.wiring..",
          "dev.veojobs.wire..", "dev.veojobs.log..")
      .because("job and app reach Google only through the ports in dev.veojobs.app");

  @Test
  void jobAndAppDependOnNoSdkAndNoAdapter() {
    JavaClasses production = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.veojobs");

    assertThat(production.stream().filter(c -> c.getPackageName().equals("dev.veojobs.app"))).isNotEmpty();
    assertThat(production.stream().filter(c -> c.getPackageName().equals("dev.veojobs.job"))).isNotEmpty();
    DOMAIN_AND_USE_CASES_ARE_SDK_FREE.check(production);
  }

  @Test
  void theRuleCatchesALeak() {
    JavaClasses leaking = new ClassFileImporter().importClasses(SdkLeakFixture.class);

    assertThatThrownBy(() -> DOMAIN_AND_USE_CASES_ARE_SDK_FREE.check(leaking))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("com.fasterxml.jackson.databind.ObjectMapper");
  }
}
