# One runtime identity per function, each with only what its settings need (a contract test derives
# the expected grants from dev.veojobs.config.Setting and compares them with this file):
#   every function   Firestore (datastore.user), the video bucket (objectAdmin on that bucket only),
#                    enqueue into both job queues (steps, starts) and mint OIDC tokens as tasks-invoker (actAs)
#   job-worker       Vertex AI (Veo)
#   jobs-api,        sign V4 URLs as themselves through IAM signBlob (token creator on themselves)
#   job-finalizer
# tasks-invoker is the identity Cloud Tasks and Cloud Scheduler present to the private functions;
# it may invoke job-worker and job-finalizer and nothing else.
#
# Every identity and binding is its own resource rather than an entry of a for_each map: the
# bindings read as a list a reviewer can check line by line, and the contract tests follow the
# references (google_service_account.jobs_api.member), which a map subscript would hide.

resource "google_service_account" "jobs_api" {
  project      = var.project_id
  account_id   = "jobs-api"
  display_name = "Veo Jobs: jobs-api runtime"
}

resource "google_service_account" "job_worker" {
  project      = var.project_id
  account_id   = "job-worker"
  display_name = "Veo Jobs: job-worker runtime"
}

resource "google_service_account" "job_finalizer" {
  project      = var.project_id
  account_id   = "job-finalizer"
  display_name = "Veo Jobs: job-finalizer runtime"
}

resource "google_service_account" "tasks_invoker" {
  project      = var.project_id
  account_id   = "tasks-invoker"
  display_name = "Veo Jobs: Cloud Tasks and Scheduler caller of the private functions"
}

# Cloud Build runs as this account when it turns the jar into images. New projects no longer give
# the default build account these roles, so a fresh project needs its own.
resource "google_service_account" "function_builder" {
  project      = var.project_id
  account_id   = "function-builder"
  display_name = "Veo Jobs: Cloud Build account for the function images"
}

# --- jobs-api ---------------------------------------------------------------------------------

resource "google_project_iam_member" "jobs_api_datastore" {
  project = var.project_id
  role    = "roles/datastore.user"
  member  = google_service_account.jobs_api.member
}

# Revocation check on job create: Identity Toolkit accounts:lookup (validSince, disabled).
resource "google_project_iam_member" "jobs_api_firebaseauth_viewer" {
  project = var.project_id
  role    = "roles/firebaseauth.viewer"
  member  = google_service_account.jobs_api.member
}

resource "google_storage_bucket_iam_member" "jobs_api_videos" {
  bucket = google_storage_bucket.videos.name
  role   = "roles/storage.objectAdmin"
  member = google_service_account.jobs_api.member
}

resource "google_cloud_tasks_queue_iam_member" "jobs_api_enqueuer" {
  project  = var.project_id
  location = google_cloud_tasks_queue.jobs.location
  name     = google_cloud_tasks_queue.jobs.name
  role     = "roles/cloudtasks.enqueuer"
  member   = google_service_account.jobs_api.member
}

resource "google_cloud_tasks_queue_iam_member" "jobs_api_start_enqueuer" {
  project  = var.project_id
  location = google_cloud_tasks_queue.starts.location
  name     = google_cloud_tasks_queue.starts.name
  role     = "roles/cloudtasks.enqueuer"
  member   = google_service_account.jobs_api.member
}

resource "google_service_account_iam_member" "jobs_api_acts_as_invoker" {
  service_account_id = google_service_account.tasks_invoker.name
  role               = "roles/iam.serviceAccountUser"
  member             = google_service_account.jobs_api.member
}

resource "google_service_account_iam_member" "jobs_api_signs_as_itself" {
  service_account_id = google_service_account.jobs_api.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = google_service_account.jobs_api.member
}

# --- job-worker -------------------------------------------------------------------------------

resource "google_project_iam_member" "job_worker_datastore" {
  project = var.project_id
  role    = "roles/datastore.user"
  member  = google_service_account.job_worker.member
}

resource "google_project_iam_member" "job_worker_aiplatform" {
  project = var.project_id
  role    = "roles/aiplatform.user"
  member  = google_service_account.job_worker.member
}

resource "google_storage_bucket_iam_member" "job_worker_videos" {
  bucket = google_storage_bucket.videos.name
  role   = "roles/storage.objectAdmin"
  member = google_service_account.job_worker.member
}

resource "google_cloud_tasks_queue_iam_member" "job_worker_enqueuer" {
  project  = var.project_id
  location = google_cloud_tasks_queue.jobs.location
  name     = google_cloud_tasks_queue.jobs.name
  role     = "roles/cloudtasks.enqueuer"
  member   = google_service_account.job_worker.member
}

resource "google_cloud_tasks_queue_iam_member" "job_worker_start_enqueuer" {
  project  = var.project_id
  location = google_cloud_tasks_queue.starts.location
  name     = google_cloud_tasks_queue.starts.name
  role     = "roles/cloudtasks.enqueuer"
  member   = google_service_account.job_worker.member
}

resource "google_service_account_iam_member" "job_worker_acts_as_invoker" {
  service_account_id = google_service_account.tasks_invoker.name
  role               = "roles/iam.serviceAccountUser"
  member             = google_service_account.job_worker.member
}

# --- job-finalizer ----------------------------------------------------------------------------

resource "google_project_iam_member" "job_finalizer_datastore" {
  project = var.project_id
  role    = "roles/datastore.user"
  member  = google_service_account.job_finalizer.member
}

resource "google_storage_bucket_iam_member" "job_finalizer_videos" {
  bucket = google_storage_bucket.videos.name
  role   = "roles/storage.objectAdmin"
  member = google_service_account.job_finalizer.member
}

resource "google_cloud_tasks_queue_iam_member" "job_finalizer_enqueuer" {
  project  = var.project_id
  location = google_cloud_tasks_queue.jobs.location
  name     = google_cloud_tasks_queue.jobs.name
  role     = "roles/cloudtasks.enqueuer"
  member   = google_service_account.job_finalizer.member
}

resource "google_cloud_tasks_queue_iam_member" "job_finalizer_start_enqueuer" {
  project  = var.project_id
  location = google_cloud_tasks_queue.starts.location
  name     = google_cloud_tasks_queue.starts.name
  role     = "roles/cloudtasks.enqueuer"
  member   = google_service_account.job_finalizer.member
}

resource "google_service_account_iam_member" "job_finalizer_acts_as_invoker" {
  service_account_id = google_service_account.tasks_invoker.name
  role               = "roles/iam.serviceAccountUser"
  member             = google_service_account.job_finalizer.member
}

resource "google_service_account_iam_member" "job_finalizer_signs_as_itself" {
  service_account_id = google_service_account.job_finalizer.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = google_service_account.job_finalizer.member
}

# --- who may call the functions ---------------------------------------------------------------

# jobs-api is reachable by browsers; it verifies Firebase ID tokens itself.
resource "google_cloud_run_v2_service_iam_member" "jobs_api_public" {
  project  = var.project_id
  location = google_cloudfunctions2_function.jobs_api.location
  name     = google_cloudfunctions2_function.jobs_api.name
  role     = "roles/run.invoker"
  member   = "allUsers"
}

# The private functions accept only tasks-invoker's OIDC tokens (and check them again in code).
resource "google_cloud_run_v2_service_iam_member" "job_worker_tasks_invoker" {
  project  = var.project_id
  location = google_cloudfunctions2_function.job_worker.location
  name     = google_cloudfunctions2_function.job_worker.name
  role     = "roles/run.invoker"
  member   = google_service_account.tasks_invoker.member
}

resource "google_cloud_run_v2_service_iam_member" "job_finalizer_tasks_invoker" {
  project  = var.project_id
  location = google_cloudfunctions2_function.job_finalizer.location
  name     = google_cloudfunctions2_function.job_finalizer.name
  role     = "roles/run.invoker"
  member   = google_service_account.tasks_invoker.member
}

# --- builds and Veo ---------------------------------------------------------------------------

resource "google_project_iam_member" "function_builder_logs" {
  project = var.project_id
  role    = "roles/logging.logWriter"
  member  = google_service_account.function_builder.member
}

resource "google_project_iam_member" "function_builder_images" {
  project = var.project_id
  role    = "roles/artifactregistry.writer"
  member  = google_service_account.function_builder.member
}

# Cloud Functions copies the source into its own gcf-v2-sources bucket, which the build reads and
# writes; these three roles are the ones Google documents for a user-specified build account.
resource "google_project_iam_member" "function_builder_sources" {
  project = var.project_id
  role    = "roles/storage.objectAdmin"
  member  = google_service_account.function_builder.member
}

# Veo writes its output (storageUri) and reads input images as the Vertex AI service agent.
resource "google_project_service_identity" "aiplatform" {
  provider = google-beta
  project  = var.project_id
  service  = "aiplatform.googleapis.com"

  depends_on = [time_sleep.apis_ready]
}

resource "google_storage_bucket_iam_member" "vertex_ai_agent_videos" {
  bucket = google_storage_bucket.videos.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_project_service_identity.aiplatform.email}"
}
