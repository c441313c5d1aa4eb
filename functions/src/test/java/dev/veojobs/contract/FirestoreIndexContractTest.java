package dev.veojobs.contract;

import static dev.veojobs.contract.FirestoreIndexContract.INDEX_FILE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirestoreIndexContractTest {

  private static final String FIRESTORE = "terraform/firestore.tf";
  private final TerraformSources sources = TerraformModule.baseline().sources();

  @Test
  void terraformCreatesTheEmulatorIndexesAndTheyServeEveryQuery() {
    List<String> problems = FirestoreIndexContract.problems(TerraformModule.baseline(), CodeQueries.all());

    assertThat(problems)
        .withFailMessage("Firestore indexes drifted:%n%s", String.join("\n", problems))
        .isEmpty();
  }

  @Test
  void indexesReadFromAnotherFileAreReported() {
    TerraformModule drifted = sources
        .withText("emulator-config/firestore.indexes.prod.json", sources.text(INDEX_FILE))
        .replace(FIRESTORE, "firestore\\.indexes\\.json", "firestore.indexes.prod.json")
        .parse();

    assertThat(FirestoreIndexContract.problems(drifted, CodeQueries.all())).containsExactly(
        "google_firestore_index.composite iterates over local.firestore_index_file.indexes, not over the \"indexes\""
            + " of jsondecode(file(\"${path.module}/../emulator-config/firestore.indexes.json\"))",
        "emulator-config/firestore.indexes.json has index jobs(owner_uid ASCENDING, created_at DESCENDING),"
            + " which Terraform does not declare",
        "emulator-config/firestore.indexes.json has index jobs(owner_uid ASCENDING, node_id ASCENDING,"
            + " created_at DESCENDING), which Terraform does not declare",
        "emulator-config/firestore.indexes.json has index jobs(owner_uid ASCENDING, status ASCENDING,"
            + " created_at DESCENDING), which Terraform does not declare",
        "emulator-config/firestore.indexes.json has index jobs(owner_uid ASCENDING, node_id ASCENDING,"
            + " status ASCENDING, created_at DESCENDING), which Terraform does not declare",
        "emulator-config/firestore.indexes.json has index jobs(status ASCENDING, updated_at ASCENDING),"
            + " which Terraform does not declare",
        "emulator-config/firestore.indexes.json has index jobs(status ASCENDING, deadline_at ASCENDING),"
            + " which Terraform does not declare");
  }

  @Test
  void aQueryWithoutItsIndexIsReported() throws Exception {
    TerraformModule drifted = sources.withText(INDEX_FILE, withoutIndexOn("updated_at")).parse();

    assertThat(FirestoreIndexContract.problems(drifted, CodeQueries.all())).containsExactly(
        "no index in emulator-config/firestore.indexes.json serves the query the job store's query on jobs"
            + " by status: jobs where status order by updated_at ASCENDING");
  }

  @Test
  void anIndexNoQueryNeedsIsReported() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode file = (ObjectNode) json.readTree(sources.text(INDEX_FILE));
    ((ArrayNode) file.get("indexes")).addObject()
        .put("collectionGroup", "jobs").put("queryScope", "COLLECTION")
        .set("fields", json.readTree("[{\"fieldPath\":\"project_id\",\"order\":\"ASCENDING\"},"
            + "{\"fieldPath\":\"created_at\",\"order\":\"DESCENDING\"}]"));
    TerraformModule drifted = sources.withText(INDEX_FILE, json.writeValueAsString(file)).parse();

    assertThat(FirestoreIndexContract.problems(drifted, CodeQueries.all())).containsExactly(
        "emulator-config/firestore.indexes.json has index jobs(project_id ASCENDING, created_at DESCENDING),"
            + " which no query of the code needs");
  }

  @Test
  void anIndexTerraformDropsIsReported() {
    TerraformModule drifted = sources
        .removeBlock(FIRESTORE, "resource \"google_firestore_index\" \"composite\"")
        .append(FIRESTORE, literalIndex("sweeper", "status", "updated_at", "ASCENDING"))
        .parse();

    List<String> problems = FirestoreIndexContract.problems(drifted, CodeQueries.all());

    assertThat(problems).hasSize(5).allMatch(problem -> problem.endsWith("which Terraform does not declare"));
    assertThat(problems).contains("emulator-config/firestore.indexes.json has index jobs(owner_uid ASCENDING,"
        + " created_at DESCENDING), which Terraform does not declare");
  }

  @Test
  void anIndexOnlyTerraformHasIsReported() {
    TerraformModule drifted = sources
        .append(FIRESTORE, literalIndex("by_node", "node_id", "created_at", "DESCENDING"))
        .parse();

    assertThat(FirestoreIndexContract.problems(drifted, CodeQueries.all())).containsExactly(
        "Terraform declares index jobs(node_id ASCENDING, created_at DESCENDING), which"
            + " emulator-config/firestore.indexes.json lacks");
  }

  @Test
  void aFieldMappedFromTheWrongKeyIsReported() {
    TerraformModule drifted = sources
        .replace(FIRESTORE, "collection  = each\\.value\\.collectionGroup", "collection  = \"jobs\"")
        .parse();

    assertThat(FirestoreIndexContract.problems(drifted, CodeQueries.all())).containsExactly(
        "google_firestore_index.composite: collection is jobs, expected each.value.collectionGroup");
  }

  private String withoutIndexOn(String fieldPath) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode file = (ObjectNode) json.readTree(sources.text(INDEX_FILE));
    ArrayNode indexes = (ArrayNode) file.get("indexes");
    for (int i = indexes.size() - 1; i >= 0; i--) {
      if (indexes.get(i).toString().contains("\"" + fieldPath + "\"")) {
        indexes.remove(i);
      }
    }
    return json.writeValueAsString(file);
  }

  private static String literalIndex(String name, String first, String second, String secondOrder) {
    return """
        resource "google_firestore_index" "%s" {
          project    = var.project_id
          database   = google_firestore_database.main.name
          collection = "jobs"

          fields {
            field_path = "%s"
            order      = "ASCENDING"
          }
          fields {
            field_path = "%s"
            order      = "%s"
          }
        }
        """.formatted(name, first, second, secondOrder);
  }
}
