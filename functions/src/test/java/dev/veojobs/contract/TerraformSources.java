package dev.veojobs.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The text of {@code terraform/*.tf} and of the {@code emulator-config/*.json} and
 * {@code terraform/dashboards/*.json} files Terraform reads, keyed by repository-relative path. Immutable: the mutation methods return a changed copy,
 * so a test can show that a contract check fails on a drifted module without touching the files.
 */
public record TerraformSources(SortedMap<String, String> files) {

  public static final String TERRAFORM_DIR = "terraform";
  public static final String CONFIG_DIR = "emulator-config";
  /** Dashboards Terraform reads with file(). */
  public static final String DASHBOARD_DIR = TERRAFORM_DIR + "/dashboards";

  public TerraformSources {
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
  }

  /** Reads the files of the repository that contains the working directory. */
  public static TerraformSources read() {
    return read(repositoryRoot());
  }

  public static TerraformSources read(Path repositoryRoot) {
    SortedMap<String, String> files = new TreeMap<>();
    readInto(files, repositoryRoot, TERRAFORM_DIR, ".tf");
    readInto(files, repositoryRoot, CONFIG_DIR, ".json");
    readInto(files, repositoryRoot, DASHBOARD_DIR, ".json");
    if (files.keySet().stream().noneMatch(TerraformSources::isTerraformFile)) {
      throw new IllegalStateException("no .tf files under " + repositoryRoot.resolve(TERRAFORM_DIR));
    }
    return new TerraformSources(files);
  }

  /**
   * Surefire runs in the module directory; the Terraform lives beside the modules, so walk up to
   * the first directory that holds both terraform/ and emulator-config/.
   */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve(TERRAFORM_DIR)) && Files.isDirectory(dir.resolve(CONFIG_DIR))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "no directory above " + Path.of("").toAbsolutePath() + " holds terraform/ and emulator-config/");
  }

  static boolean isTerraformFile(String path) {
    return path.startsWith(TERRAFORM_DIR + "/") && path.endsWith(".tf");
  }

  public String text(String path) {
    String text = files.get(path);
    if (text == null) {
      throw new IllegalArgumentException("no file " + path + " (have " + files.keySet() + ")");
    }
    return text;
  }

  /** Replaces the one match of {@code regex} (multiline mode) in {@code path}. */
  public TerraformSources replace(String path, String regex, String replacement) {
    Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(text(path));
    return withText(path, replaceOnce(matcher, path, regex, replacement));
  }

  /** Removes the block that starts with {@code header}, e.g. {@code resource "a" "b"}. */
  public TerraformSources removeBlock(String path, String header) {
    String regex = "^" + Pattern.quote(header) + " \\{\\n.*?^\\}\\n";
    Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE | Pattern.DOTALL).matcher(text(path));
    return withText(path, replaceOnce(matcher, path, header, ""));
  }

  public TerraformSources append(String path, String text) {
    return withText(path, text(path) + "\n" + text);
  }

  public TerraformSources withText(String path, String text) {
    SortedMap<String, String> changed = new TreeMap<>(files);
    changed.put(path, text);
    return new TerraformSources(changed);
  }

  public TerraformModule parse() {
    return TerraformModule.parse(this);
  }

  // A mutation that silently matches nothing would make its test pass for the wrong reason.
  private static String replaceOnce(Matcher matcher, String path, String what, String replacement) {
    if (!matcher.find()) {
      throw new IllegalArgumentException("no match of " + what + " in " + path);
    }
    StringBuilder out = new StringBuilder();
    matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    if (matcher.find()) {
      throw new IllegalArgumentException("more than one match of " + what + " in " + path);
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static void readInto(SortedMap<String, String> files, Path root, String dir, String suffix) {
    Path folder = root.resolve(dir);
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> listing = Files.list(folder)) {
      for (Path file : listing.filter(p -> p.getFileName().toString().endsWith(suffix)).toList()) {
        files.put(dir + "/" + file.getFileName(), Files.readString(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
