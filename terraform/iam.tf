# One runtime identity per function, each with only what its settings need (a contract test derives
# the expected grants from dev.veojobs.config.Setting and compares them with this file):
#   every function   Firestore (datastore.user), enqueue into both job queues (steps, starts) and
#                    mint OIDC tokens as tasks-invoker (actAs)
#   video bucket     only the object prefixes its code touches, through IAM conditions on the object
#                    name (uniform bucket-level access allows them): create where it writes, view
#                    where it reads, never delete; list only where the code must (listing is checked
#                    on the bucket, so that grant names its prefix as objectListPrefix too):
#                      jobs-api       create uploads/ (signed PUT), view videos/ (signed GET)
#                      job-worker     view uploads/ (image check), create veo-output/ (inline bytes),
#                                     view and list veo-output/ (reconciling an uncertain start)
#                      job-finalizer  view veo-output/ + create videos/ (the copy), view videos/ (sign)
#   job-finalizer    secretAccessor on the WEBHOOK_SECRETS secret, when webhook_secrets_enabled
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

  depends_on = [time_sleep.apis_ready]
}

resource "google_service_account" "job_worker" {
  project      = var.project_id
  account_id   = "job-worker"
  display_name = "Veo Jobs: job-worker runtime"

  depends_on = [time_sleep.apis_ready]
}

resource "google_service_account" "job_finalizer" {
  project      = var.project_id
  account_id   = "job-finalizer"
  display_name = "Veo Jobs: job-finalizer runtime"

  depends_on = [time_sleep.apis_ready]
}

resource "google_service_account" "tasks_invoker" {
  project      = var.project_id
  account_id   = "tasks-invoker"
  display_name = "Veo Jobs: Cloud Tasks and Scheduler caller of the private functions"

  depends_on = [time_sleep.apis_ready]
}

# Cloud Build runs as this account when it turns the jar into images. New projects no longer give
# the default build account these roles, so a fresh project needs its own.
resource "google_service_account" "function_builder" {
  project      = var.project_id
  account_id   = "function-builder"
  display_name = "Veo Jobs: Cloud Build account for the function images"

  depends_on = [time_sleep.apis_ready]
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

resource "google_storage_bucket_iam_member" "jobs_api_uploads_create" {
  bucket = google_storage_bucket.videos.name
  role   = "roles/storage.objectCreator"
  member = google_service_account.jobs_api.member

  condition {
    title       = "uploads/ only"
    description = "POST /v1/uploads signs PUT URLs for input images as this account"
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.videos.name}/objects/uploads/\")"
  }
}

resource "google_storage_bucket_iam_member" "jobs_api_videos_read" {
  bucket = google_storage_bucket.videos.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.jobs_api.member

  condition {
    title       = "videos/ only"
    description = "GET /v1/jobs signs fresh video URLs as this account"
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.videos.name}/objects/videos/\")"
  }
}

# DELETE /v1/jobs/{id} removes a job's objects. No predefined role only deletes (objectUser would also
# let jobs-api overwrite every video), so a custom role holds exactly delete and list, and each grant
# is limited to one prefix. Listing is checked on the bucket: the condition allows it for list
# requests whose prefix is inside the granted one.
resource "google_project_iam_custom_role" "object_deleter" {
  project     = var.project_id
  role_id     = "veoJobsObjectDeleter"
  title       = "Veo Jobs object deleter"
  description = "Find and delete the objects of a job its owner deleted; nothing else."
  permissions = ["storage.objects.delete", "storage.objects.list"]

  depends_on = [time_sleep.apis_ready]
}

resource "google_storage_bucket_iam_member" "jobs_api_videos_delete" {
  bucket = google_storage_bucket.videos.name
  role   = google_project_iam_custom_role.object_deleter.name
  member = google_service_account.jobs_api.member

  condition {
    title       = "videos/ only"
    description = "DELETE /v1/jobs/{id} removes the job's videos"
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.videos.name}/objects/videos/\") || api.getAttribute(\"storage.googleapis.com/objectListPrefix\", \"\").startsWith(\"videos/\")"
  }
}

resource "google_storage_bucket_iam_member" "jobs_api_raw_output_delete" {
  bucket = google_storage_bucket.videos.name
  role   = google_project_iam_custom_role.object_deleter.name
  member = google_service_account.jobs_api.member

  condition {
    title       = "veo-output/ only"
    description = "DELETE /v1/jobs/{id} removes Veo's raw output of the job"
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.videos.name}/objects/veo-output/\") || api.getAttribute(\"storage.googleapis.com/objectListPrefix\", \"\").startsWith(\"veo-output/\")"
  }
}

resource "google_storage_bucket_iam_member" "jobs_api_uploads_delete" {
  bucket = google_storage_bucket.videos.name
  role   = google_project_iam_custom_role.object_deleter.name
  member = google_service_account.jobs_api.member

  condition {
    title       = "uploads/ only"
    description = "DELETE /v1/jobs/{id} removes the caller's own input image"
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.videos.name}/objects/uploads/\")"
  }
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

resource "google_storage_bucket_iam_member" "job_worker_uploads_read" {
  bucket = google_storage_bucket.videos.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.job_worker.member

  condition {
    title       = "uploads/ only"
    description = "Checks the size and type of an input image before Veo reads it"
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.videos.name}/objects/uploads/\")"
  }
}

resource "google_storage_bucket_iam_member" "job_worker_raw_output_read" {
  bucket = google_storage_bucket.videos.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.job_worker.member

  condition {
    title       = "veo-output/ only, listing included"
    description = "Looks for an uncertain start's output under its attempt's prefix before Veo is paid again"
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.videos.name}/objects/veo-output/\") || api.getAttribute(\"storage.googleapis.com/objectListPrefix\", \"\").startsWith(\"veo-output/\")"
  }
}

resource "google_storage_bucket_iam_member" "job_worker_raw_output_create" {
  bucket = google_storage_bucket.videos.name
  role   = "roles/storage.objectCreator"
  member = google_service_account.job_worker.member

  condition {
    title       = "veo-output/ only"
    description = "Stores video bytes Veo returned inline, so the finalizer always copies"
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.videos.name}/objects/veo-output/\")"
  }
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

resource "google_storage_bucket_iam_member" "job_finalizer_raw_output_read" {
  bucket = google_storage_bucket.videos.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.job_finalizer.member

  condition {
    title       = "veo-output/ only"
    description = "Reads Veo's output, the source of the copy"
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.videos.name}/objects/veo-output/\")"
  }
}

resource "google_storage_bucket_iam_member" "job_finalizer_videos_create" {
  bucket = google_storage_bucket.videos.name
  role   = "roles/storage.objectCreator"
  member = google_service_account.job_finalizer.member

  condition {
    title       = "videos/ only"
    description = "Copies the finished video to videos/{owner}/{job}.mp4 (never overwrites)"
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.videos.name}/objects/videos/\")"
  }
}

resource "google_storage_bucket_iam_member" "job_finalizer_videos_read" {
  bucket = google_storage_bucket.videos.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.job_finalizer.member

  condition {
    title       = "videos/ only"
    description = "Signs the video URL and checks that a retried copy already landed"
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.videos.name}/objects/videos/\")"
  }
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

# Cloud Functions copies the source into its own gcf-v2-sources (and gcf-v2-uploads) bucket, which
# the build reads and writes; objectAdmin is the role Google documents for a user-specified build
# account. Those buckets are created by Cloud Functions on the first deploy, so a bucket-level grant
# is impossible before it; the condition keeps the project-level role to them, not to the videos.
resource "google_project_iam_member" "function_builder_sources" {
  project = var.project_id
  role    = "roles/storage.objectAdmin"
  member  = google_service_account.function_builder.member

  condition {
    title       = "Cloud Functions source buckets only"
    description = "The build reads and writes the function source in the gcf-v2-* buckets of this project"
    expression  = "resource.name.startsWith(\"projects/_/buckets/gcf-v2-sources-${data.google_project.this.number}-\") || resource.name.startsWith(\"projects/_/buckets/gcf-v2-uploads-${data.google_project.this.number}\")"
  }
}

# IAM is eventually consistent: a grant can take a minute or more to be honoured. A build that
# starts before its account's roles are visible fails, and so does a deploy whose runtime account
# cannot yet read a mounted secret. The functions wait for this pause, which waits for those grants
# (FirstApplyContract checks that every such grant is behind it).
resource "time_sleep" "grants_propagated" {
  create_duration = "90s"

  depends_on = [
    google_project_iam_member.function_builder_logs,
    google_project_iam_member.function_builder_images,
    google_project_iam_member.function_builder_sources,
    google_secret_manager_secret_iam_member.job_finalizer_webhook_secrets,
    # A deploy that mounts "latest" fails while the secret has no version.
    google_secret_manager_secret_version.webhook_secrets,
  ]
}

# Veo writes its output (storageUri) and reads input images as the Vertex AI service agent.
resource "google_project_service_identity" "aiplatform" {
  provider = google-beta
  project  = var.project_id
  service  = "aiplatform.googleapis.com"

  depends_on = [time_sleep.apis_ready]
}

# Veo reads input images under uploads/ and writes (and may rewrite) its output under veo-output/;
# it reads a finished video under videos/ only when a job extends it (docs/veo-inputs.md).
resource "google_storage_bucket_iam_member" "vertex_ai_agent_uploads_read" {
  bucket = google_storage_bucket.videos.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_project_service_identity.aiplatform.email}"

  condition {
    title       = "uploads/ only"
    description = "Veo reads the input image of an image-to-video job"
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.videos.name}/objects/uploads/\")"
  }
}

# An extension continues a COMPLETED job's video, videos/{owner}/{id}.mp4: the raw output under
# veo-output/ is deleted after raw_output_retention_days, the finished video is kept.
resource "google_storage_bucket_iam_member" "vertex_ai_agent_videos_read" {
  bucket = google_storage_bucket.videos.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_project_service_identity.aiplatform.email}"

  condition {
    title       = "videos/ only"
    description = "Veo reads the video an extension job continues"
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.videos.name}/objects/videos/\")"
  }
}

resource "google_storage_bucket_iam_member" "vertex_ai_agent_raw_output_write" {
  bucket = google_storage_bucket.videos.name
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${google_project_service_identity.aiplatform.email}"

  condition {
    title       = "veo-output/ only"
    description = "Veo writes its output to the storageUri the worker gives it"
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.videos.name}/objects/veo-output/\")"
  }
}
