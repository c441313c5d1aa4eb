package dev.veojobs.contract;

import static dev.veojobs.contract.TerraformModule.block;
import static dev.veojobs.contract.TerraformModule.blocks;
import static dev.veojobs.contract.TerraformModule.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Production and the emulator enforce the same composite indexes: Terraform's google_firestore_index
 * resources come from emulator-config/firestore.indexes.json (best by iterating over the decoded
 * file, so they cannot drift), and every query the job store runs has its index there.
 */
public final class FirestoreIndexContract {

  public static final String INDEX_FILE = TerraformSources.CONFIG_DIR + "/firestore.indexes.json";
  static final String TYPE = "google_firestore_index";
  private static final ObjectMapper JSON = new ObjectMapper();

  private FirestoreIndexContract() {}

  public static List<String> problems(TerraformModule module, List<IndexedQuery> queries) {
    List<String> problems = new ArrayList<>();
    Set<FirestoreIndex> fileIndexes = indexesInFile(module.sources(), problems);
    Set<FirestoreIndex> terraformIndexes = new LinkedHashSet<>();
    if (module.resources(TYPE).isEmpty()) {
      problems.add("Terraform declares no " + TYPE + "; the indexes of " + INDEX_FILE + " would be missing in production");
    }
    module.resources(TYPE).forEach((name, body) ->
        terraformIndexes.addAll(indexesOf(module, TYPE + "." + name, body, fileIndexes, problems)));

    for (FirestoreIndex index : terraformIndexes) {
      if (!fileIndexes.contains(index)) {
        problems.add("Terraform declares index " + index + ", which " + INDEX_FILE + " lacks");
      }
    }
    for (FirestoreIndex index : fileIndexes) {
      if (!terraformIndexes.contains(index)) {
        problems.add(INDEX_FILE + " has index " + index + ", which Terraform does not declare");
      }
    }
    for (IndexedQuery query : queries) {
      if (fileIndexes.stream().noneMatch(index -> index.serves(query))) {
        problems.add("no index in " + INDEX_FILE + " serves the query " + query);
      }
    }
    // An index no query uses still costs a write per document and storage in production.
    for (FirestoreIndex index : fileIndexes) {
      if (queries.stream().noneMatch(index::serves)) {
        problems.add(INDEX_FILE + " has index " + index + ", which no query of the code needs");
      }
    }
    return problems;
  }

  private static Set<FirestoreIndex> indexesOf(
      TerraformModule module, String address, Map<String, Object> body, Set<FirestoreIndex> fileIndexes,
      List<String> problems) {
    if (!body.containsKey("for_each")) {
      return Set.of(literalIndex(body));
    }
    Optional<String> source = module.forEachSource(body);
    Optional<String> file = source.flatMap(module::localOf).flatMap(module::decodedFrom);
    if (source.isEmpty() || file.isEmpty() || !file.get().equals(INDEX_FILE)
        || !source.get().endsWith(".indexes")) {
      problems.add(address + " iterates over " + source.orElse("a literal collection")
          + ", not over the \"indexes\" of jsondecode(file(\"${path.module}/../" + INDEX_FILE + "\"))");
      return Set.of();
    }
    problems.addAll(mappingProblems(address, body));
    return fileIndexes;
  }

  // The for_each source is right only if each entry's JSON fields land in the right arguments.
  private static List<String> mappingProblems(String address, Map<String, Object> body) {
    List<String> problems = new ArrayList<>();
    expect(problems, address, "collection", text(body.get("collection")), "each.value.collectionGroup");
    Map<String, Object> fields = block(block(body, "dynamic"), "fields");
    expect(problems, address, "dynamic \"fields\" for_each", text(fields.get("for_each")), "each.value.fields");
    expect(problems, address, "fields.field_path", text(block(fields, "content").get("field_path")),
        "fields.value.fieldPath");
    return problems;
  }

  private static void expect(List<String> problems, String address, String what, String actual, String expected) {
    if (!expected.equals(actual)) {
      problems.add(address + ": " + what + " is " + actual + ", expected " + expected);
    }
  }

  private static FirestoreIndex literalIndex(Map<String, Object> body) {
    List<FirestoreIndex.Field> fields = new ArrayList<>();
    for (Map<String, Object> field : blocks(body, "fields")) {
      Object order = field.containsKey("order") ? field.get("order") : field.get("array_config");
      fields.add(new FirestoreIndex.Field(text(field.get("field_path")), text(order)));
    }
    return new FirestoreIndex(text(body.get("collection")), text(body.get("query_scope")), fields);
  }

  private static Set<FirestoreIndex> indexesInFile(TerraformSources sources, List<String> problems) {
    Set<FirestoreIndex> indexes = new LinkedHashSet<>();
    String text = sources.files().get(INDEX_FILE);
    if (text == null) {
      problems.add(INDEX_FILE + " does not exist");
      return indexes;
    }
    try {
      Object indexList = JSON.readValue(text, Map.class).get("indexes");
      if (!(indexList instanceof List<?> entries)) {
        problems.add(INDEX_FILE + " has no \"indexes\" list");
        return indexes;
      }
      entries.forEach(entry -> indexes.add(FirestoreIndex.fromJson(entry)));
    } catch (JsonProcessingException e) {
      problems.add(INDEX_FILE + " is not valid JSON: " + e.getOriginalMessage());
    }
    return indexes;
  }
}
