# The sweeper: re-drives live jobs that stopped moving and fails jobs past their deadline. It is a
# route of job-worker, called with tasks-invoker's OIDC token like every other private call; the
# audience is the worker's base URL, which is what the worker checks (not the /sweep path).
locals {
  # The same file the local stack's scheduler reads, so ./dev up sweeps on the production schedule.
  scheduler_file = jsondecode(file("${path.module}/../emulator-config/scheduler.json"))
  sweep_schedule = coalesce(var.sweep_schedule, local.scheduler_file.sweep_schedule)
}

resource "google_cloud_scheduler_job" "sweep" {
  project          = var.project_id
  name             = "veo-jobs-sweep"
  region           = var.region
  description      = "Re-drives stalled Veo jobs and fails jobs past their deadline."
  schedule         = local.sweep_schedule
  time_zone        = "Etc/UTC"
  attempt_deadline = "120s"

  # A missed sweep is covered by the next one.
  retry_config {
    retry_count = 0
  }

  http_target {
    http_method = "POST"
    uri         = "${local.worker_url}/sweep"

    oidc_token {
      service_account_email = google_service_account.tasks_invoker.email
      audience              = local.worker_url
    }
  }

  depends_on = [
    time_sleep.apis_ready,
    google_cloud_run_v2_service_iam_member.job_worker_tasks_invoker,
  ]
}
