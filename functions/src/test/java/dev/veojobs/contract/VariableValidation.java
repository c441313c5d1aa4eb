package dev.veojobs.contract;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code validation} condition of one Terraform variable, read from {@code variables.tf} and
 * evaluated here the way Terraform would, for the three shapes the module uses (there is no
 * {@code terraform} binary to ask). A condition of any other shape is refused rather than guessed,
 * so a rewritten rule fails the contract test until this reader follows it.
 *
 * <ul>
 *   <li>ISO duration: {@code can(regex(D, v)) && !can(regex("(?i)T$", v)) && try(sum([for i, n in
 *       regex(D, v) : tonumber(replace(coalesce(n, "0"), ",", ".")) * element([w...], i)]), 0) > L [&& ... <= U]}
 *   <li>whole number: {@code v >= L && v <= U && floor(v) == v}
 *   <li>list of strings: {@code length(v) > 0 && alltrue([for x in v : can(regex(P, x))])}
 * </ul>
 */
public record VariableValidation(String variable, String condition) {

  private static final Pattern REGEX_LITERAL = Pattern.compile("regex\\(\"((?:[^\"\\\\]|\\\\.)*)\", ");
  private static final Pattern WEIGHTS = Pattern.compile("\\* element\\(\\[([0-9, ]+)\\], i\\)");

  /** The condition of {@code variable}'s validation block in terraform/variables.tf. */
  public static VariableValidation of(TerraformSources sources, String variable) {
    Matcher block = Pattern.compile("(?s)variable \"" + Pattern.quote(variable)
        + "\" \\{.*?\\n    condition\\s*=\\s*(.*?)\\n\\s*error_message").matcher(sources.text("terraform/variables.tf"));
    if (!block.find()) {
      throw new IllegalArgumentException("variable " + variable + " has no validation condition in terraform/variables.tf");
    }
    return new VariableValidation(variable, block.group(1).replaceAll("\\s+", " ").strip());
  }

  /** Whether Terraform would accept {@code value} (a String, a Number or a List of Strings). */
  public boolean accepts(Object value) {
    String v = "var." + variable;
    if (condition.contains("sum([for i, n in regex(")) {
      return acceptsDuration((String) value);
    }
    if (condition.startsWith(v + " >= ")) {
      return acceptsWholeNumber(new BigDecimal(value.toString()));
    }
    if (condition.startsWith("length(" + v + ") > 0 && alltrue([for ")) {
      @SuppressWarnings("unchecked")
      List<String> items = (List<String>) value;
      Pattern item = Pattern.compile(regexLiterals().get(0));
      return !items.isEmpty() && items.stream().allMatch(x -> item.matcher(x).find());
    }
    throw new IllegalStateException("the condition of " + variable + " has a shape this reader does not know: " + condition);
  }

  private boolean acceptsDuration(String value) {
    List<String> literals = regexLiterals();
    Pattern shape = Pattern.compile(literals.get(0));
    if (!shape.matcher(value).find()) {
      return false;
    }
    if (condition.contains("!can(regex(\"(?i)T$\", var." + variable + "))") && value.toUpperCase().endsWith("T")) {
      return false;
    }
    Matcher parts = shape.matcher(value);
    parts.find();
    Matcher weightList = WEIGHTS.matcher(condition);
    if (!weightList.find()) {
      throw new IllegalStateException("no unit weights in the condition of " + variable);
    }
    long[] weights = Arrays.stream(weightList.group(1).split(",\\s*")).mapToLong(Long::parseLong).toArray();
    BigDecimal seconds = BigDecimal.ZERO;
    for (int i = 0; i < weights.length; i++) {
      String part = parts.group(i + 1);
      if (part != null && condition.contains("replace(coalesce(n, \"0\"), \",\", \".\")")) {
        part = part.replace(',', '.');
      }
      seconds = seconds.add(new BigDecimal(part == null || part.isEmpty() ? "0" : part).multiply(BigDecimal.valueOf(weights[i])));
    }
    BigDecimal total = seconds;
    // The bounds of the sum: "…, 0) > 0" and "…, 0) <= 604800".
    return numberAfter(", 0) > ").map(lower -> total.compareTo(lower) > 0).orElse(true)
        && numberAfter(", 0) <= ").map(upper -> total.compareTo(upper) <= 0).orElse(true);
  }

  private boolean acceptsWholeNumber(BigDecimal value) {
    String v = "var." + variable;
    boolean whole = !condition.contains("floor(" + v + ") == " + v) || value.stripTrailingZeros().scale() <= 0;
    return whole
        && numberAfter(v + " >= ").map(min -> value.compareTo(min) >= 0).orElse(true)
        && numberAfter(v + " <= ").map(max -> value.compareTo(max) <= 0).orElse(true);
  }

  private java.util.Optional<BigDecimal> numberAfter(String text) {
    Matcher m = Pattern.compile(Pattern.quote(text) + "([0-9]+)").matcher(condition);
    return m.find() ? java.util.Optional.of(new BigDecimal(m.group(1))) : java.util.Optional.empty();
  }

  private List<String> regexLiterals() {
    List<String> literals = new ArrayList<>();
    Matcher m = REGEX_LITERAL.matcher(condition);
    while (m.find()) {
      // HCL string escapes: \\ is one backslash, \" a quote.
      literals.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    return literals;
  }
}
