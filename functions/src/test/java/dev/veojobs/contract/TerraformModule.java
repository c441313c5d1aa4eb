package dev.veojobs.contract;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.ComputedObject;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.VariableTree;
import com.bertramlabs.plugins.hcl4j.symbols.Symbol;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * All {@code terraform/*.tf} files parsed into one structure with hcl4j, the way Terraform sees
 * one module.
 *
 * <p>hcl4j evaluates what it can while parsing. The module steers that evaluation so the result
 * stays comparable: {@code var.x} stays the text {@code "var.x"} (rather than the variable's
 * default), references to resources stay their dotted text ({@code
 * "google_service_account.jobs_api.email"}), and {@code jsondecode(file(...))} really reads the
 * emulator-config file from {@link TerraformSources}, so a local decoded from a file holds its
 * content and {@link #decodedFrom} tells which file that was. Function calls hcl4j does not know
 * (tostring, join, try, ...) evaluate to null. Index subscripts are dropped ({@code a["k"].b} reads
 * {@code a.value.b}), which is why the Terraform gives every identity its own resource.
 */
public final class TerraformModule {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VARIABLE_DECLARATION =
      Pattern.compile("^variable\\s+\"([A-Za-z0-9_-]+)\"", Pattern.MULTILINE);
  private static final Pattern RESOURCE_REFERENCE =
      Pattern.compile("^(?:serviceAccount:)?((?:data\\.)?google_[a-z0-9_]+\\.[a-z0-9_]+)(?:\\..*)?$");
  private static volatile TerraformModule baseline;

  // hcl4j logs every evaluation step through java.util.logging; the reference keeps the level set.
  private static final Logger HCL4J_LOG = silence("com.bertramlabs.plugins.hcl4j");

  private final TerraformSources sources;
  private final Map<String, Object> root;
  private final Map<Object, String> decodedFrom;

  private TerraformModule(
      TerraformSources sources, Map<String, Object> root, Map<Object, String> decodedFrom) {
    this.sources = sources;
    this.root = root;
    this.decodedFrom = decodedFrom;
  }

  /** The repository's own Terraform, parsed once per test JVM. */
  public static TerraformModule baseline() {
    TerraformModule module = baseline;
    if (module == null) {
      synchronized (TerraformModule.class) {
        module = baseline;
        if (module == null) {
          module = TerraformSources.read().parse();
          baseline = module;
        }
      }
    }
    return module;
  }

  public static TerraformModule parse(TerraformSources sources) {
    StringBuilder text = new StringBuilder();
    sources.files().forEach((path, content) -> {
      if (TerraformSources.isTerraformFile(path)) {
        text.append(content).append('\n');
      }
    });

    Map<String, String> pathOfContent = new HashMap<>();
    Map<Object, String> decodedFrom = new IdentityHashMap<>();
    HCLParser parser = new HCLParser();
    Matcher declaration = VARIABLE_DECLARATION.matcher(text);
    while (declaration.find()) {
      parser.setVariable(declaration.group(1), "var." + declaration.group(1));
    }
    parser.registerFunction("file", args -> {
      String path = repositoryPath(String.valueOf(args.get(0)));
      String content = sources.files().get(path);
      if (content == null) {
        throw new IllegalStateException("Terraform reads " + path + ", which does not exist");
      }
      pathOfContent.put(content, path);
      return content;
    });
    parser.registerFunction("jsondecode", args -> {
      String json = String.valueOf(args.get(0));
      try {
        Object value = JSON.readValue(json, Object.class);
        String path = pathOfContent.get(json);
        if (path != null) {
          decodedFrom.put(value, path);
        }
        return value;
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("jsondecode of malformed JSON: " + e.getOriginalMessage(), e);
      }
    });
    return new TerraformModule(sources, quietly(parser, text.toString()), decodedFrom);
  }

  public TerraformSources sources() {
    return sources;
  }

  /** Resources of one type, by name, in file order. */
  public Map<String, Map<String, Object>> resources(String type) {
    Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
    Object ofType = mapAt(root, "resource").get(type);
    if (ofType instanceof Map<?, ?> named) {
      named.forEach((name, body) -> byName.put(String.valueOf(name), asMap(body)));
    }
    return byName;
  }

  /** Every resource and data source by address ({@code type.name}, {@code data.type.name}). */
  public Map<String, Map<String, Object>> addressable() {
    Map<String, Map<String, Object>> byAddress = new LinkedHashMap<>();
    for (String kind : List.of("resource", "data")) {
      mapAt(root, kind).forEach((type, named) -> asMap(named).forEach((name, body) ->
          byAddress.put((kind.equals("data") ? "data." : "") + type + "." + name, asMap(body))));
    }
    return byAddress;
  }

  public Optional<Map<String, Object>> resource(String type, String name) {
    return Optional.ofNullable(resources(type).get(name));
  }

  /** All {@code locals} blocks merged. */
  public Map<String, Object> locals() {
    Map<String, Object> merged = new LinkedHashMap<>();
    for (Map<String, Object> block : blocks(root, "locals")) {
      merged.putAll(block);
    }
    return merged;
  }

  /** The emulator-config file (repository-relative) a value was decoded from by jsondecode(file()). */
  public Optional<String> decodedFrom(Object value) {
    return Optional.ofNullable(value == null ? null : decodedFrom.get(value));
  }

  /**
   * What a {@code for_each} iterates over, as reference text: {@code "local.x.items"} for a for
   * expression or a plain reference, empty for a literal collection.
   */
  public Optional<String> forEachSource(Map<String, Object> body) {
    Object forEach = body.get("for_each");
    // hcl4j keeps a for expression unevaluated; its first child is the collection it iterates.
    if (forEach instanceof ComputedObject computed) {
      List<Symbol> children = computed.getChildren();
      if (children != null && !children.isEmpty() && children.get(0) instanceof VariableTree source) {
        return Optional.of(source.getName());
      }
      return Optional.empty();
    }
    if (forEach instanceof VariableTree reference) {
      return Optional.of(reference.getName());
    }
    return Optional.empty();
  }

  /** The local a reference text starts from: {@code "local.x.items"} gives the value of local.x. */
  public Optional<Object> localOf(String reference) {
    String[] parts = reference.split("\\.");
    if (parts.length < 2 || !parts[0].equals("local")) {
      return Optional.empty();
    }
    return Optional.ofNullable(locals().get(parts[1]));
  }

  // --- reading parsed values ------------------------------------------------------------------

  /** A nested block; the first one when the block repeats; empty when absent. */
  public static Map<String, Object> block(Map<String, Object> body, String name) {
    List<Map<String, Object>> all = blocks(body, name);
    return all.isEmpty() ? Map.of() : all.get(0);
  }

  /** Every occurrence of a nested block (hcl4j gives a list when a block repeats). */
  public static List<Map<String, Object>> blocks(Map<String, Object> body, String name) {
    Object value = body.get(name);
    List<Map<String, Object>> result = new ArrayList<>();
    if (value instanceof Map<?, ?>) {
      result.add(asMap(value));
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?>) {
          result.add(asMap(item));
        }
      }
    }
    return result;
  }

  /** A scalar or reference as text: numbers without a needless ".0", references as dotted text. */
  public static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Double number && number == Math.rint(number) && !number.isInfinite()) {
      return Long.toString(number.longValue());
    }
    if (value instanceof Symbol symbol && symbol.getName() != null) {
      return symbol.getName();
    }
    return value.toString();
  }

  public static Optional<Double> number(Object value) {
    if (value instanceof Number number) {
      return Optional.of(number.doubleValue());
    }
    return Optional.empty();
  }

  /**
   * The resource a reference names: {@code "google_service_account.x.email"}, {@code
   * "google_service_account.x.member"} and {@code "serviceAccount:google_service_account.x.email"}
   * all give {@code "google_service_account.x"}; anything else is returned unchanged.
   */
  public static String addressOf(Object reference) {
    String text = text(reference);
    if (text == null) {
      return null;
    }
    Matcher matcher = RESOURCE_REFERENCE.matcher(text);
    return matcher.matches() ? matcher.group(1) : text;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value) {
    return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
  }

  private static Map<String, Object> mapAt(Map<String, Object> body, String key) {
    return asMap(body.get(key));
  }

  private static String repositoryPath(String fileArgument) {
    // "${path.module}" is not a variable hcl4j knows, so it arrives as the literal "path.module".
    String relative = fileArgument.replaceFirst("^path\\.(module|root)/", "");
    return Path.of(TerraformSources.TERRAFORM_DIR).resolve(relative).normalize().toString()
        .replace('\\', '/');
  }

  private static Logger silence(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(Level.OFF);
    return logger;
  }

  // hcl4j also prints evaluation steps to System.out; keep them out of the test output.
  private static synchronized Map<String, Object> quietly(HCLParser parser, String text) {
    PrintStream console = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      return parser.parse(text);
    } catch (HCLParserException | IOException e) {
      throw new IllegalStateException("hcl4j cannot parse the Terraform: " + e.getMessage(), e);
    } finally {
      System.setOut(console);
    }
  }
}
