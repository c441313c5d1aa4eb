package dev.veojobs.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and docs/ are read on a fresh clone: every relative link must lead to a file of the
 * repository, nothing may point outside it (the team's ../shared is not in a clone), and every
 * test the lessons page names as proof must exist.
 */
class DocumentationLinksTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  /** `ClassName` or `ClassName.method` of a test, as the lessons table's last column names them. */
  private static final Pattern TEST_NAME = Pattern.compile("`([A-Z]\\w*(?:Test|IT|Contract))(?:\\.(\\w+))?`");

  @Test
  void everyRelativeLinkLeadsToAFileInsideTheRepository() {
    List<String> broken = new ArrayList<>();
    for (Path page : pages()) {
      Matcher link = LINK.matcher(read(page));
      while (link.find()) {
        String target = link.group(1);
        if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("#")
            || target.startsWith("mailto:")) {
          continue;
        }
        String file = target.replaceFirst("#.*$", "");
        Path resolved = page.getParent().resolve(file).normalize();
        if (!resolved.startsWith(ROOT)) {
          broken.add(ROOT.relativize(page) + ": " + target + " points outside the repository");
        } else if (!Files.exists(resolved)) {
          broken.add(ROOT.relativize(page) + ": " + target + " does not exist");
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  @Test
  void nothingPointsAtTheTeamsSharedFolder() {
    List<String> mentions = pages().stream()
        .filter(page -> read(page).contains("../shared") || read(page).contains("DESIGN.md"))
        .map(page -> ROOT.relativize(page).toString())
        .toList();
    assertThat(mentions).as("pages naming ../shared or DESIGN.md, which a clone does not have").isEmpty();
  }

  @Test
  void theReadmeStaysShortAndShowsTheTwoCommands() {
    String readme = read(ROOT.resolve("README.md"));
    assertThat(readme.lines().count()).as("README lines (the rest belongs in docs/)").isLessThanOrEqualTo(110);
    assertThat(readme).contains("./dev demo \"").contains("./dev test");
  }

  @Test
  void everyTestTheLessonsPageNamesExists() {
    String lessons = read(ROOT.resolve("docs/lessons.md"));
    List<String> tests = testSources();
    List<String> missing = new ArrayList<>();
    int named = 0;
    Matcher name = TEST_NAME.matcher(lessons);
    while (name.find()) {
      named++;
      String className = name.group(1);
      String method = name.group(2);
      List<String> sources = tests.stream().filter(s -> s.endsWith("/" + className + ".java")).toList();
      if (sources.isEmpty()) {
        missing.add(className);
      } else if (method != null && sources.stream().noneMatch(s -> read(Path.of(s)).contains(" " + method + "("))) {
        missing.add(className + "." + method);
      }
    }
    assertThat(named).as("tests named in docs/lessons.md").isGreaterThan(10);
    assertThat(missing).as("tests named in docs/lessons.md that do not exist").isEmpty();
  }

  private static List<Path> pages() {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("terraform/README.md")));
    for (Path dir : List.of(ROOT.resolve("docs"), ROOT.resolve("emulators/docs"))) {
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return pages;
  }

  private static List<String> testSources() {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files.map(Path::toString)
          .filter(p -> p.contains("/src/test/java/") && p.endsWith(".java") && !p.contains("/target/"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
