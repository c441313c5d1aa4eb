locals {
  required_apis = [
    "aiplatform.googleapis.com",           # Veo on Vertex AI
    "artifactregistry.googleapis.com",     # images of the built functions
    "cloudbuild.googleapis.com",           # builds the function images from the uploaded jar
    "cloudfunctions.googleapis.com",       # the three functions
    "cloudresourcemanager.googleapis.com", # project IAM bindings
    "cloudscheduler.googleapis.com",       # the sweeper schedule
    "cloudtasks.googleapis.com",           # the job queue
    "firestore.googleapis.com",            # jobs, events, nodes, usage
    "iam.googleapis.com",                  # service accounts
    "iamcredentials.googleapis.com",       # signBlob: V4 signed URLs without key files
    "identitytoolkit.googleapis.com",      # Firebase Auth: revocation lookups on job create
    "logging.googleapis.com",              # function and build logs, log-based metrics
    "monitoring.googleapis.com",           # alert policies and the dashboard
    "run.googleapis.com",                  # the Cloud Run services behind the functions
    "secretmanager.googleapis.com",        # WEBHOOK_SECRETS (only used with webhook_secrets_enabled; enabling is free)
    "storage.googleapis.com",              # the video bucket
  ]
}

resource "google_project_service" "apis" {
  for_each = toset(local.required_apis)

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}

# A freshly enabled API can answer SERVICE_DISABLED for a minute; everything that calls one waits,
# directly or through a resource that does (FirstApplyContract checks every resource of the module).
resource "time_sleep" "apis_ready" {
  create_duration = "60s"

  depends_on = [google_project_service.apis]
}
