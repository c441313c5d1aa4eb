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

# Retention: Firestore deletes a document some time (usually within a day) after its expire_at. The
# functions stamp expire_at = the job's end + JOB_RETENTION on finished jobs and their events, so the
# policies on jobs and events exist only with job_retention_days (RetentionContractTest). The field
# is never queried, so its single-field indexes are switched off (index_config {}).
resource "google_firestore_field" "jobs_expire_at" {
  count = var.job_retention_days > 0 ? 1 : 0

  project    = var.project_id
  database   = google_firestore_database.main.name
  collection = "jobs"
  field      = "expire_at"

  ttl_config {}
  index_config {}
}

resource "google_firestore_field" "events_expire_at" {
  count = var.job_retention_days > 0 ? 1 : 0

  project    = var.project_id
  database   = google_firestore_database.main.name
  collection = "events"
  field      = "expire_at"

  ttl_config {}
  index_config {}
}

# A deleted job is remembered for 30 days (DELETE answers 204 again, not 404), whatever the
# retention: deleted_jobs/{id} carries its own expire_at.
resource "google_firestore_field" "deleted_jobs_expire_at" {
  project    = var.project_id
  database   = google_firestore_database.main.name
  collection = "deleted_jobs"
  field      = "expire_at"

  ttl_config {}
  index_config {}
}
