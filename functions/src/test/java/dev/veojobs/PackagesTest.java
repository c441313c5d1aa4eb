package dev.veojobs;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.veojobs.pingfixture.Ping;
import dev.veojobs.pongfixture.Pong;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the top-level packages go one way, so each can be read, tested and changed
 * from the bottom up: {@code job} at the bottom, {@code app} over it, the adapters ({@code gcp}),
 * the codec ({@code wire}), {@code security}, {@code config} and {@code log} over those, the
 * composition root {@code wiring} over the adapters, and the function classes ({@code http}) on
 * top, reaching the adapters only through {@code wiring}. A slice is everything under
 * {@code dev.veojobs.<name>}, sub-packages included.
 */
class PackagesTest {

  static final ArchRule TOP_LEVEL_PACKAGES_ARE_FREE_OF_CYCLES = slices().matching("dev.veojobs.(*)..")
      .should().beFreeOfCycles()
      .because("a cycle means neither side can change or be tested without the other");

  private static JavaClasses production() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.veojobs");
  }

  @Test
  void topLevelPackagesDependOnEachOtherOneWay() {
    JavaClasses production = production();
    assertThat(production.stream().map(c -> c.getPackageName()).distinct())
        .contains("dev.veojobs.http", "dev.veojobs.gcp", "dev.veojobs.wiring", "dev.veojobs.app");
    TOP_LEVEL_PACKAGES_ARE_FREE_OF_CYCLES.check(production);
  }

  @Test
  void theCycleRuleCatchesTwoPackagesThatImportEachOther() {
    JavaClasses cycle = new ClassFileImporter().importClasses(Ping.class, Pong.class);

    assertThatThrownBy(() -> TOP_LEVEL_PACKAGES_ARE_FREE_OF_CYCLES.check(cycle))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected")
        .hasMessageContaining("pingfixture")
        .hasMessageContaining("pongfixture");
  }
}
