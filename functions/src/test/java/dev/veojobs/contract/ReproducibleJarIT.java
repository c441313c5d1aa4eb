package dev.veojobs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar Terraform uploads is reproducible: the project's own entries carry the fixed
 * {@code project.build.outputTimestamp}, not the build time, so rebuilding unchanged sources gives
 * the same bytes, the same checksum-named source object, and no redeploy of the three functions.
 * (Entries from dependencies keep the times of their own released jars, which never change.)
 */
class ReproducibleJarIT {

  @Test
  void theFunctionsJarCarriesTheFixedTimestampNotTheBuildTime() throws IOException {
    Path root = TerraformSources.repositoryRoot();
    Matcher property = Pattern.compile("<project\\.build\\.outputTimestamp>([^<]+)</project\\.build\\.outputTimestamp>")
        .matcher(Files.readString(root.resolve("pom.xml")));
    assertThat(property.find()).as("pom.xml sets project.build.outputTimestamp").isTrue();
    Instant fixed = Instant.parse(property.group(1));
    Set<LocalDateTime> allowed = new java.util.HashSet<>(java.util.List.of(
        LocalDateTime.ofInstant(fixed, ZoneOffset.UTC), LocalDateTime.ofInstant(fixed, ZoneId.systemDefault())));

    Path jar;
    try (var listing = Files.list(root.resolve("functions/target"))) {
      jar = listing.filter(p -> p.getFileName().toString().matches("functions-.*\\.jar")).findFirst().orElseThrow();
    }
    Set<LocalDateTime> ownTimes = new TreeSet<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      file.stream()
          .filter(e -> e.getName().startsWith("dev/veojobs/") || e.getName().equals("META-INF/MANIFEST.MF"))
          .forEach(e -> ownTimes.add(e.getTimeLocal()));
    }

    assertThat(ownTimes).hasSize(1);
    assertThat(allowed).contains(ownTimes.iterator().next());
  }
}
