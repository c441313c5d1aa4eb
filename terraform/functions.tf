# Reading the project needs the Resource Manager API, which a brand-new project may not have yet.
data "google_project" "this" {
  project_id = var.project_id

  depends_on = [time_sleep.apis_ready]
}

locals {
  labels = {
    app = "veo-jobs"
  }

  # The worker needs its own URL (it enqueues its next poll) and the finalizer's; the finalizer needs
  # both too. Reading them from the function resources would be a cycle, so they use Cloud Run's
  # deterministic URL, https://SERVICE-PROJECT_NUMBER.REGION.run.app, which is known before the
  # service exists and is assigned to every service whose name and project number fit in one DNS
  # label. It is also the audience of the OIDC tokens the code asks Cloud Tasks for; Cloud Run
  # accepts tokens for any of its run.app URLs, and the functions check the audience themselves.
  worker_url    = "https://job-worker-${data.google_project.this.number}.${var.region}.run.app"
  finalizer_url = "https://job-finalizer-${data.google_project.this.number}.${var.region}.run.app"

  function_source = {
    bucket = google_storage_bucket.function_source.name
    object = google_storage_bucket_object.function_source.name
  }
}

# Every environment variable below is one that dev.veojobs.config.Setting lists for the function;
# the contract tests in functions/src/test/java/dev/veojobs/contract fail when they drift apart.
# Emulator settings (…_EMULATOR_HOST, VEO_BASE_URL, …) are never set here.

resource "google_cloudfunctions2_function" "jobs_api" {
  project     = var.project_id
  name        = "jobs-api"
  location    = var.region
  description = "Veo Jobs public HTTP API: create, read, list and cancel jobs (Firebase ID tokens)."
  labels      = local.labels

  build_config {
    runtime         = "java21"
    entry_point     = "dev.veojobs.http.JobsApiFunction"
    service_account = google_service_account.function_builder.id

    source {
      storage_source {
        bucket = local.function_source.bucket
        object = local.function_source.object
      }
    }
  }

  service_config {
    available_memory                 = "1Gi"
    available_cpu                    = "1"
    timeout_seconds                  = 60
    max_instance_request_concurrency = 80
    min_instance_count               = var.min_instances
    max_instance_count               = var.api_max_instances
    ingress_settings                 = "ALLOW_ALL"
    all_traffic_on_latest_revision   = true
    service_account_email            = google_service_account.jobs_api.email

    environment_variables = {
      GOOGLE_CLOUD_PROJECT    = var.project_id
      FIRESTORE_DATABASE      = google_firestore_database.main.name
      VIDEO_BUCKET            = google_storage_bucket.videos.name
      TASKS_LOCATION          = google_cloud_tasks_queue.jobs.location
      TASKS_QUEUE             = google_cloud_tasks_queue.jobs.name
      TASKS_START_QUEUE       = google_cloud_tasks_queue.starts.name
      TASKS_INVOKER_SA        = google_service_account.tasks_invoker.email
      TASKS_DISPATCH_DEADLINE = format("PT%dS", local.queue.dispatch_deadline_seconds)
      WORKER_URL              = local.worker_url
      FINALIZER_URL           = local.finalizer_url
      URL_SIGNER_SA           = google_service_account.jobs_api.email
      SIGNED_URL_TTL          = var.signed_url_ttl
      JOB_DEADLINE            = var.job_deadline
      JOB_RETENTION           = "P${var.job_retention_days}D"
      CORS_ALLOWED_ORIGINS    = join(",", var.allowed_origins)
      AUTH_MODE               = "firebase"
      USER_MAX_IN_FLIGHT      = tostring(var.user_max_in_flight)
      USER_MAX_JOBS_PER_DAY   = tostring(var.user_max_jobs_per_day)
      GLOBAL_MAX_IN_FLIGHT    = tostring(var.global_max_in_flight)
    }
  }

  # The build account's roles must be in effect before the first build starts, not just granted.
  depends_on = [
    time_sleep.apis_ready,
    time_sleep.grants_propagated,
  ]
}

# Private: only Cloud Tasks (start and poll steps) and Cloud Scheduler (/sweep) call it, from inside
# Google's network, with tasks-invoker's OIDC token. Its timeout stays below the dispatch deadline
# the code sets on every task (emulator-config/queue.json: dispatch_deadline_seconds).
resource "google_cloudfunctions2_function" "job_worker" {
  project     = var.project_id
  name        = "job-worker"
  location    = var.region
  description = "Veo Jobs worker: starts Veo, polls its operation, sweeps stalled jobs."
  labels      = local.labels

  build_config {
    runtime         = "java21"
    entry_point     = "dev.veojobs.http.JobWorkerFunction"
    service_account = google_service_account.function_builder.id

    source {
      storage_source {
        bucket = local.function_source.bucket
        object = local.function_source.object
      }
    }
  }

  service_config {
    available_memory                 = "1Gi"
    available_cpu                    = "1"
    timeout_seconds                  = 120
    max_instance_request_concurrency = 20
    min_instance_count               = 0
    max_instance_count               = var.worker_max_instances
    ingress_settings                 = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision   = true
    service_account_email            = google_service_account.job_worker.email

    environment_variables = {
      GOOGLE_CLOUD_PROJECT    = var.project_id
      FIRESTORE_DATABASE      = google_firestore_database.main.name
      VIDEO_BUCKET            = google_storage_bucket.videos.name
      TASKS_LOCATION          = google_cloud_tasks_queue.jobs.location
      TASKS_QUEUE             = google_cloud_tasks_queue.jobs.name
      TASKS_START_QUEUE       = google_cloud_tasks_queue.starts.name
      TASKS_INVOKER_SA        = google_service_account.tasks_invoker.email
      TASKS_DISPATCH_DEADLINE = format("PT%dS", local.queue.dispatch_deadline_seconds)
      WORKER_URL              = local.worker_url
      FINALIZER_URL           = local.finalizer_url
      VEO_LOCATION            = var.veo_location
      JOB_DEADLINE            = var.job_deadline
      JOB_RETENTION           = "P${var.job_retention_days}D"
      # WORKER_TIMEOUT equals timeout_seconds above, and the start lease outlasts it, so a start
      # handler never runs past its claim (Config refuses less; StartLeaseContractTest ties them).
      WORKER_TIMEOUT = "PT120S"
      START_LEASE    = "PT180S"
    }
  }

  # The build account's roles must be in effect before the first build starts, not just granted.
  depends_on = [
    time_sleep.apis_ready,
    time_sleep.grants_propagated,
  ]
}

# Private, like the worker; copying and signing a finished video may take minutes.
resource "google_cloudfunctions2_function" "job_finalizer" {
  project     = var.project_id
  name        = "job-finalizer"
  location    = var.region
  description = "Veo Jobs finalizer: stores the video, signs its URL, completes the job."
  labels      = local.labels

  build_config {
    runtime         = "java21"
    entry_point     = "dev.veojobs.http.JobFinalizerFunction"
    service_account = google_service_account.function_builder.id

    source {
      storage_source {
        bucket = local.function_source.bucket
        object = local.function_source.object
      }
    }
  }

  service_config {
    available_memory                 = "1Gi"
    available_cpu                    = "1"
    timeout_seconds                  = 300
    max_instance_request_concurrency = 10
    min_instance_count               = 0
    max_instance_count               = var.finalizer_max_instances
    ingress_settings                 = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision   = true
    service_account_email            = google_service_account.job_finalizer.email

    environment_variables = {
      GOOGLE_CLOUD_PROJECT    = var.project_id
      FIRESTORE_DATABASE      = google_firestore_database.main.name
      VIDEO_BUCKET            = google_storage_bucket.videos.name
      TASKS_LOCATION          = google_cloud_tasks_queue.jobs.location
      TASKS_QUEUE             = google_cloud_tasks_queue.jobs.name
      TASKS_START_QUEUE       = google_cloud_tasks_queue.starts.name
      TASKS_INVOKER_SA        = google_service_account.tasks_invoker.email
      TASKS_DISPATCH_DEADLINE = format("PT%dS", local.queue.dispatch_deadline_seconds)
      WORKER_URL              = local.worker_url
      FINALIZER_URL           = local.finalizer_url
      URL_SIGNER_SA           = google_service_account.job_finalizer.email
      SIGNED_URL_TTL          = var.signed_url_ttl
      JOB_RETENTION           = "P${var.job_retention_days}D"
    }

    # Only with webhook_secrets_enabled (secrets.tf); without it the finalizer sends no webhooks.
    dynamic "secret_environment_variables" {
      for_each = var.webhook_secrets_enabled ? [1] : []

      content {
        key        = "WEBHOOK_SECRETS"
        project_id = var.project_id
        secret     = google_secret_manager_secret.webhook_secrets[0].secret_id
        version    = "latest"
      }
    }
  }

  # The build account's roles must be in effect before the first build starts, not just granted.
  depends_on = [
    time_sleep.apis_ready,
    time_sleep.grants_propagated,
  ]
}
