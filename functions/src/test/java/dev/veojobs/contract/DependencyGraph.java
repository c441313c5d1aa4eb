package dev.veojobs.contract;

import com.bertramlabs.plugins.hcl4j.symbols.Symbol;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which resource Terraform creates after which: an edge for every reference in a block's arguments
 * (hcl4j has already inlined locals, so a reference through a local counts) and for every
 * {@code depends_on} entry. This is the order {@code terraform apply} follows; anything not
 * reachable this way may run in parallel.
 */
public final class DependencyGraph {

  private static final Pattern ADDRESS =
      Pattern.compile("(?<![A-Za-z0-9_.])((?:data\\.)?[a-z][a-z0-9]*_[a-z0-9_]+\\.[a-z0-9_]+)");

  private final Map<String, Set<String>> edges;

  private DependencyGraph(Map<String, Set<String>> edges) {
    this.edges = edges;
  }

  public static DependencyGraph of(TerraformModule module) {
    Map<String, Map<String, Object>> blocks = module.addressable();
    Map<String, Set<String>> edges = new LinkedHashMap<>();
    blocks.forEach((address, body) -> {
      Set<String> targets = new LinkedHashSet<>();
      collect(body, blocks.keySet(), targets);
      targets.remove(address);
      edges.put(address, targets);
    });
    return new DependencyGraph(edges);
  }

  public Set<String> addresses() {
    return edges.keySet();
  }

  /** The addresses {@code from} names itself. */
  public Set<String> directDependenciesOf(String from) {
    return edges.getOrDefault(from, Set.of());
  }

  /** The addresses {@code from} waits for, directly or through others. */
  public Set<String> dependenciesOf(String from) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(edges.getOrDefault(from, Set.of()));
    while (!todo.isEmpty()) {
      String next = todo.pop();
      if (seen.add(next)) {
        todo.addAll(edges.getOrDefault(next, Set.of()));
      }
    }
    return seen;
  }

  public boolean waitsFor(String from, String to) {
    return dependenciesOf(from).contains(to);
  }

  private static void collect(Object value, Set<String> known, Set<String> into) {
    if (value instanceof Map<?, ?> map) {
      map.values().forEach(v -> collect(v, known, into));
    } else if (value instanceof Collection<?> list) {
      list.forEach(v -> collect(v, known, into));
    } else if (value instanceof Symbol symbol) {
      collectText(symbol.getName(), known, into);
      List<Symbol> children = symbol.getChildren();
      if (children != null) {
        children.forEach(child -> collect(child, known, into));
      }
    } else if (value != null) {
      collectText(value.toString(), known, into);
    }
  }

  private static void collectText(String text, Set<String> known, Set<String> into) {
    if (text == null) {
      return;
    }
    Matcher matcher = ADDRESS.matcher(text);
    while (matcher.find()) {
      if (known.contains(matcher.group(1))) {
        into.add(matcher.group(1));
      }
    }
  }
}
