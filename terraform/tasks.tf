locals {
  # Shared with the local stack, so the emulator retries and throttles the way production does.
  queue = jsondecode(file("${path.module}/../emulator-config/queue.json"))
}

# One queue carries every step (start, poll, finalize). Its dispatch rate stays below Veo's
# per-minute quota because each dispatch makes at most one Veo call. The dispatch deadline is set
# per task by the code (queue.json: dispatch_deadline_seconds) and is longer than the worker's and
# the finalizer's timeouts, so Cloud Tasks never gives up on a delivery that is still running.
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
