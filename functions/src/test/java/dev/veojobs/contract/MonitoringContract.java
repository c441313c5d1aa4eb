package dev.veojobs.contract;

import static dev.veojobs.contract.TerraformModule.block;
import static dev.veojobs.contract.TerraformModule.blocks;
import static dev.veojobs.contract.TerraformModule.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veojobs.log.JsonLog;
import dev.veojobs.log.OpsEvent;
import dev.veojobs.log.OpsEventLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every log-based metric counts lines the code really writes. For each google_logging_metric, the
 * event its filter names must be in the catalogue ({@link OpsEvent}), every {@code jsonPayload}
 * field its filter compares or its extractors read must be a field of that event, and a compared
 * value must be one the event can carry. Then the event is emitted through the code's own logger
 * ({@link OpsEventLog} over {@link JsonLog}) with the filter's values, and the filter is matched
 * against that line: a renamed, redacted or reserved field fails here, not on a flat chart.
 * Alert policies and the dashboard may only name metrics this module defines, and only after the
 * pause that lets their descriptors appear.
 */
public final class MonitoringContract {

  static final String METRIC = "google_logging_metric";
  static final String DASHBOARD_FILE = "terraform/dashboards/operations.json";
  private static final Pattern EQUALS = Pattern.compile("jsonPayload\\.([A-Za-z0-9_]+)\\s*=\\s*\"([^\"]*)\"");
  private static final Pattern ANY_FIELD = Pattern.compile("jsonPayload\\.([A-Za-z0-9_]+)");
  private static final Pattern EXTRACT = Pattern.compile("^EXTRACT\\(jsonPayload\\.([A-Za-z0-9_]+)\\)$");
  private static final Pattern USER_METRIC =
      Pattern.compile("logging\\.googleapis\\.com/user/([A-Za-z0-9_]+)|logging_googleapis_com:user_([A-Za-z0-9_]+)");

  private MonitoringContract() {}

  public static List<String> problems(TerraformModule module) {
    List<String> problems = new ArrayList<>();
    Map<String, String> metricNames = new LinkedHashMap<>();
    module.resources(METRIC).forEach((name, body) -> {
      metricNames.put(text(body.get("name")), METRIC + "." + name);
      problems.addAll(metricProblems(METRIC + "." + name, body));
    });
    problems.addAll(referenceProblems(module, metricNames));
    return problems;
  }

  private static List<String> metricProblems(String address, Map<String, Object> body) {
    List<String> problems = new ArrayList<>();
    String filter = text(body.get("filter"));
    Map<String, String> compared = new LinkedHashMap<>();
    Matcher equals = EQUALS.matcher(filter == null ? "" : filter);
    while (equals.find()) {
      compared.put(equals.group(1), equals.group(2));
    }
    String eventName = compared.remove(OpsEvent.EVENT_KEY);
    if (eventName == null) {
      problems.add(address + " filter names no jsonPayload.event; it would count every log line");
      return problems;
    }
    List<OpsEvent> named = OpsEvent.named(eventName);
    if (named.isEmpty()) {
      problems.add(address + " counts event " + eventName + ", which dev.veojobs.log.OpsEvent does not list");
      return problems;
    }
    OpsEvent event = named.get(0);

    Set<String> read = new LinkedHashSet<>();
    Matcher any = ANY_FIELD.matcher(filter);
    while (any.find()) {
      read.add(any.group(1));
    }
    read.remove(OpsEvent.EVENT_KEY);
    if (body.get("label_extractors") instanceof Map<?, ?> extractors) {
      extractors.values().forEach(extractor -> read.add(extracted(address, text(extractor), problems)));
    }
    if (body.get("value_extractor") != null) {
      read.add(extracted(address, text(body.get("value_extractor")), problems));
    }
    read.remove(null);
    for (String field : read) {
      if (!event.fields().containsKey(field)) {
        problems.add(address + " reads jsonPayload." + field + ", which " + eventName + " does not carry (it has "
            + event.fields().keySet() + ")");
      }
    }
    compared.forEach((field, value) -> {
      OpsEvent.Field declared = event.fields().get(field);
      if (declared != null && !declared.values().isEmpty() && !declared.values().contains(value)) {
        problems.add(address + " compares jsonPayload." + field + " with \"" + value + "\", which " + eventName
            + " never carries (it carries " + declared.values() + ")");
      }
    });
    if (problems.isEmpty()) {
      problems.addAll(emittedLineProblems(address, event, compared, read));
    }
    return problems;
  }

  /** Emits the event through the code's logger with the filter's values and reads the line back. */
  private static List<String> emittedLineProblems(String address, OpsEvent event, Map<String, String> compared,
      Set<String> read) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    OpsEventLog log = new OpsEventLog(new JsonLog(new PrintStream(sink, true, StandardCharsets.UTF_8), "p",
        Clock.systemUTC()));
    List<Object> keyValues = new ArrayList<>();
    for (String field : event.fields().keySet()) {
      keyValues.add(field);
      OpsEvent.Field declared = event.fields().get(field);
      keyValues.add(compared.containsKey(field) ? compared.get(field)
          : declared.values().isEmpty() ? "sample" : declared.values().iterator().next());
    }
    log.emit(event, keyValues.toArray());
    JsonNode line;
    try {
      line = new ObjectMapper().readTree(sink.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> problems = new ArrayList<>();
    if (!event.eventName().equals(line.path(OpsEvent.EVENT_KEY).asText(null))) {
      problems.add(address + ": the emitted " + event.eventName() + " line has event=" + line.path(OpsEvent.EVENT_KEY));
    }
    compared.forEach((field, value) -> {
      if (!value.equals(line.path(field).asText(null))) {
        problems.add(address + ": the emitted " + event.eventName() + " line has " + field + "=" + line.path(field)
            + ", so the filter's " + field + "=\"" + value + "\" never matches");
      }
    });
    for (String field : read) {
      if (line.path(field).isMissingNode() || line.path(field).asText().equals("[REDACTED]")) {
        problems.add(address + ": the emitted " + event.eventName() + " line does not carry " + field + " as written");
      }
    }
    return problems;
  }

  private static String extracted(String address, String extractor, List<String> problems) {
    Matcher m = EXTRACT.matcher(extractor == null ? "" : extractor);
    if (!m.matches()) {
      problems.add(address + " extracts with " + extractor + "; only EXTRACT(jsonPayload.<field>) is checked");
      return null;
    }
    return m.group(1);
  }

  private static List<String> referenceProblems(TerraformModule module, Map<String, String> metricNames) {
    List<String> problems = new ArrayList<>();
    DependencyGraph graph = DependencyGraph.of(module);
    Map<String, String> texts = new LinkedHashMap<>();
    module.resources("google_monitoring_alert_policy").forEach((name, body) ->
        texts.put("google_monitoring_alert_policy." + name, String.valueOf(body)));
    module.resources("google_monitoring_dashboard").forEach((name, body) ->
        texts.put("google_monitoring_dashboard." + name, module.sources().text(DASHBOARD_FILE)));
    if (!module.resources("google_monitoring_dashboard").isEmpty() && !texts.isEmpty()) {
      // The dashboard must parse as JSON (Terraform would send it as is).
      try {
        new ObjectMapper().readTree(module.sources().text(DASHBOARD_FILE));
      } catch (IOException e) {
        problems.add(DASHBOARD_FILE + " is not valid JSON: " + e.getMessage());
      }
    }
    texts.forEach((address, text) -> {
      Matcher m = USER_METRIC.matcher(text);
      Set<String> used = new LinkedHashSet<>();
      while (m.find()) {
        used.add(m.group(1) != null ? m.group(1) : m.group(2));
      }
      for (String metric : used) {
        String defined = metricNames.get(metric);
        if (defined == null) {
          problems.add(address + " uses log-based metric " + metric + ", which no " + METRIC + " defines");
        } else if (!behindAPause(graph, address, defined)) {
          problems.add(address + " uses " + defined + " but is not ordered after a time_sleep that waits for it;"
              + " a first apply would meet \"Cannot find metric(s)\"");
        }
      }
      if (address.startsWith("google_monitoring_alert_policy.")) {
        Map<String, Object> body = module.resources("google_monitoring_alert_policy")
            .get(address.substring(address.indexOf('.') + 1));
        if (!"var.notification_channels".equals(text(body.get("notification_channels")))) {
          problems.add(address + " does not notify var.notification_channels");
        }
        if (blocks(body, "conditions").isEmpty() || block(body, "documentation").isEmpty()) {
          problems.add(address + " needs a condition and documentation saying what to do");
        }
      }
    });
    return problems;
  }

  private static boolean behindAPause(DependencyGraph graph, String from, String metric) {
    return graph.dependenciesOf(from).stream()
        .anyMatch(address -> address.startsWith("time_sleep.") && graph.waitsFor(address, metric));
  }
}
