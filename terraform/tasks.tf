locals {
  # Shared with the local stack, so the emulator retries and throttles the way production does.
  queue       = jsondecode(file("${path.module}/../emulator-config/queue.json"))
  start_queue = jsondecode(file("${path.module}/../emulator-config/start-queue.json"))
}

# The steps queue carries polls, finalizes and webhooks; it is never the bottleneck (a poll does not
# count against Veo's generation quota). The dispatch deadline is set per task by the code
# (queue.json: dispatch_deadline_seconds) and is longer than the worker's and the finalizer's
# timeouts, so Cloud Tasks never gives up on a delivery that is still running.
resource "google_cloud_tasks_queue" "jobs" {
  project  = var.project_id
  name     = local.queue.name
  location = var.region

  rate_limits {
    max_dispatches_per_second = local.queue.max_dispatches_per_second
    max_concurrent_dispatches = local.queue.max_concurrent_dispatches
  }

  retry_config {
    max_attempts       = local.queue.max_attempts
    min_backoff        = "${local.queue.min_backoff_seconds}s"
    max_backoff        = "${local.queue.max_backoff_seconds}s"
    max_doublings      = local.queue.max_doublings
    max_retry_duration = "${local.queue.max_retry_duration_seconds}s"
  }

  # Every task operation (create, dispatch attempt, result) in Cloud Logging, so a lost or
  # duplicated task can be traced by its name ({job}-start, {job}-poll-n, {job}-finalize).
  stackdriver_logging_config {
    sampling_ratio = var.queue_log_sampling_ratio
  }

  depends_on = [time_sleep.apis_ready]
}

# Veo starts only (first starts, retries, the sweeper's re-drives). Each dispatch makes at most one
# Veo generation request, so this queue's rate is the Veo quota: start-queue.json holds it, per
# deployment (Veo 3.1 models have their own quotas; raise it with the quota).
resource "google_cloud_tasks_queue" "starts" {
  project  = var.project_id
  name     = local.start_queue.name
  location = var.region

  rate_limits {
    max_dispatches_per_second = local.start_queue.max_dispatches_per_second
    max_concurrent_dispatches = local.start_queue.max_concurrent_dispatches
  }

  retry_config {
    max_attempts       = local.start_queue.max_attempts
    min_backoff        = "${local.start_queue.min_backoff_seconds}s"
    max_backoff        = "${local.start_queue.max_backoff_seconds}s"
    max_doublings      = local.start_queue.max_doublings
    max_retry_duration = "${local.start_queue.max_retry_duration_seconds}s"
  }

  stackdriver_logging_config {
    sampling_ratio = var.queue_log_sampling_ratio
  }

  depends_on = [time_sleep.apis_ready]
}
