package dev.veojobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is what operators read; a setting missing from its table is a trap. */
class ConfigurationDocListsEverySettingTest {

  @Test
  void everySettingIsInTheConfigurationTable() throws IOException {
    String page = Files.readString(Path.of("..", "docs", "configuration.md"));
    String table = page.substring(page.indexOf("| variable |"));

    List<String> undocumented = Arrays.stream(Setting.values())
        .map(Setting::envName)
        .filter(name -> !table.contains("`" + name + "`"))
        .toList();

    assertThat(undocumented)
        .as("settings missing from the table in docs/configuration.md")
        .isEmpty();
  }
}
