locals {
  # The composite indexes come from the same file the local Firestore emulator enforces, so a query
  # that works locally has its index in production too (a contract test checks both against the code).
  firestore_index_file = jsondecode(file("${path.module}/../emulator-config/firestore.indexes.json"))

  # Keyed by content rather than list position, so reordering the file replaces no index.
  firestore_indexes = {
    for index in local.firestore_index_file.indexes :
    format("%s/%s", index.collectionGroup, join(",", [for field in index.fields : format("%s:%s", field.fieldPath, try(field.order, field.arrayConfig))])) => index
  }
}

resource "google_firestore_database" "main" {
  project                 = var.project_id
  name                    = "(default)"
  location_id             = var.firestore_location
  type                    = "FIRESTORE_NATIVE"
  delete_protection_state = "DELETE_PROTECTION_ENABLED"
  # terraform destroy leaves the jobs in place; delete the database by hand if you mean it.
  deletion_policy = "ABANDON"

  depends_on = [time_sleep.apis_ready]
}

resource "google_firestore_index" "composite" {
  for_each = local.firestore_indexes

  project     = var.project_id
  database    = google_firestore_database.main.name
  collection  = each.value.collectionGroup
  query_scope = try(each.value.queryScope, "COLLECTION")

  dynamic "fields" {
    for_each = each.value.fields

    content {
      field_path   = fields.value.fieldPath
      order        = try(fields.value.order, null)
      array_config = try(fields.value.arrayConfig, null)
    }
  }
}
