package dev.veojobs.emulators.storage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.veojobs.emulators.faults.FaultPlanControl;
import dev.veojobs.emulators.faults.FaultPlans;
import java.io.IOException;
import java.util.Map;

/** {@code /_emulator/...}: health, reset, inspection and fault plans, for tests and the local stack. */
final class ControlPlaneHandler {
  static final String PREFIX = "/_emulator/";

  private final ObjectStore store;
  private final Runnable reset;
  private final FaultPlans faults;

  ControlPlaneHandler(ObjectStore store, Runnable reset, FaultPlans faults) {
    this.store = store;
    this.reset = reset;
    this.faults = faults;
  }

  void handle(HttpExchange exchange) throws IOException {
    if (FaultPlanControl.handles(exchange.getRequestURI().getPath())) {
      FaultPlanControl.handle(exchange, faults);
      return;
    }
    String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    switch (route) {
      case "GET /_emulator/health" -> Exchanges.sendJson(exchange, 200, Resources.health());
      case "POST /_emulator/reset" -> {
        reset.run();
        Exchanges.sendJson(exchange, 200, Map.of("status", "reset"));
      }
      case "GET /_emulator/buckets" -> {
        ArrayNode names = Resources.JSON.createArrayNode();
        store.buckets().forEach(b -> names.add(b.name()));
        Exchanges.sendJson(exchange, 200, names);
      }
      case "GET /_emulator/objects" -> objects(exchange);
      default -> throw StorageError.notImplemented(exchange.getRequestMethod(), exchange.getRequestURI().getPath());
    }
  }

  /** Every object (or one bucket's) with its metadata but without its bytes. */
  private void objects(HttpExchange exchange) throws IOException {
    String bucket = Exchanges.query(exchange).first("bucket");
    if (bucket != null) {
      store.requireBucket(bucket);
    }
    ArrayNode list = Resources.JSON.createArrayNode();
    for (StoredObject object : store.objects(bucket)) {
      ObjectNode node = list.addObject();
      node.put("bucket", object.bucket());
      node.put("name", object.name());
      node.put("size", object.size());
      node.put("contentType", object.contentType());
      node.put("generation", object.generation());
      node.put("metageneration", object.metageneration());
      node.put("md5Hash", object.md5());
      node.put("crc32c", object.crc32c());
      node.put("timeCreated", Resources.timestamp(object.timeCreated()));
      node.put("updated", Resources.timestamp(object.updated()));
      ObjectNode metadata = node.putObject("metadata");
      object.metadata().forEach(metadata::put);
    }
    Exchanges.sendJson(exchange, 200, list);
  }
}
