package dev.veojobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's configuration table is what operators read; a setting missing there is a trap. */
class ReadmeDocumentsEverySettingTest {

  @Test
  void everySettingIsInTheReadmeConfigurationTable() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String table = readme.substring(readme.indexOf("## Configuration"));

    List<String> undocumented = Arrays.stream(Setting.values())
        .map(Setting::envName)
        .filter(name -> !table.contains("`" + name + "`"))
        .toList();

    assertThat(undocumented)
        .as("settings missing from the README's Configuration table")
        .isEmpty();
  }
}
