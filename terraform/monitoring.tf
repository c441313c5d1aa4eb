# Monitoring as code: log-based metrics over the operations events the functions log
# (dev.veojobs.log.OpsEvent is the catalogue; MonitoringContractTest checks every filter and
# extractor below against it by emitting the event through the code's own logger), alert policies
# on those and on Cloud Run and Cloud Tasks metrics, and the dashboard in dashboards/operations.json.
# Alerts go to var.notification_channels (none by default: the policies still open incidents in the
# console).

resource "google_logging_metric" "jobs_completed" {
  project     = var.project_id
  name        = "veo_jobs_jobs_completed"
  description = "Jobs that ended COMPLETED (job.completed), by model."
  filter      = "resource.type=\"cloud_run_revision\" AND jsonPayload.event=\"job.completed\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"

    labels {
      key        = "model"
      value_type = "STRING"
    }
  }

  label_extractors = {
    model = "EXTRACT(jsonPayload.model)"
  }

  depends_on = [time_sleep.apis_ready]
}

resource "google_logging_metric" "jobs_failed" {
  project     = var.project_id
  name        = "veo_jobs_jobs_failed"
  description = "Jobs that ended FAILED (job.failed), by error code and the stage they stopped in."
  filter      = "resource.type=\"cloud_run_revision\" AND jsonPayload.event=\"job.failed\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"

    labels {
      key        = "error_code"
      value_type = "STRING"
    }

    labels {
      key        = "stage"
      value_type = "STRING"
    }
  }

  label_extractors = {
    error_code = "EXTRACT(jsonPayload.error_code)"
    stage      = "EXTRACT(jsonPayload.stage)"
  }

  depends_on = [time_sleep.apis_ready]
}

resource "google_logging_metric" "veo_calls" {
  project     = var.project_id
  name        = "veo_jobs_veo_calls"
  description = "Calls to Veo (veo.call): starts and polls, by outcome (ok, rate_limited, retryable, rejected)."
  filter      = "resource.type=\"cloud_run_revision\" AND jsonPayload.event=\"veo.call\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"

    labels {
      key        = "call"
      value_type = "STRING"
    }

    labels {
      key        = "outcome"
      value_type = "STRING"
    }

    labels {
      key        = "model"
      value_type = "STRING"
    }
  }

  label_extractors = {
    call    = "EXTRACT(jsonPayload.call)"
    outcome = "EXTRACT(jsonPayload.outcome)"
    model   = "EXTRACT(jsonPayload.model)"
  }

  depends_on = [time_sleep.apis_ready]
}

resource "google_logging_metric" "veo_rate_limited" {
  project     = var.project_id
  name        = "veo_jobs_veo_rate_limited"
  description = "Veo calls answered 429 (veo.call with outcome rate_limited)."
  filter      = "resource.type=\"cloud_run_revision\" AND jsonPayload.event=\"veo.call\" AND jsonPayload.outcome=\"rate_limited\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"

    labels {
      key        = "call"
      value_type = "STRING"
    }
  }

  label_extractors = {
    call = "EXTRACT(jsonPayload.call)"
  }

  depends_on = [time_sleep.apis_ready]
}

resource "google_logging_metric" "sweep_redriven" {
  project     = var.project_id
  name        = "veo_jobs_sweep_redriven"
  description = "Stalled jobs the sweeper gave a new task (sweep.redriven), by stage."
  filter      = "resource.type=\"cloud_run_revision\" AND jsonPayload.event=\"sweep.redriven\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"

    labels {
      key        = "stage"
      value_type = "STRING"
    }
  }

  label_extractors = {
    stage = "EXTRACT(jsonPayload.stage)"
  }

  depends_on = [time_sleep.apis_ready]
}

resource "google_logging_metric" "start_uncertain" {
  project     = var.project_id
  name        = "veo_jobs_start_uncertain"
  description = "Starts that could not tell whether Veo accepted the request (job.start_uncertain)."
  filter      = "resource.type=\"cloud_run_revision\" AND jsonPayload.event=\"job.start_uncertain\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
  }

  depends_on = [time_sleep.apis_ready]
}

resource "google_logging_metric" "orphans_adopted" {
  project     = var.project_id
  name        = "veo_jobs_orphans_adopted"
  description = "Veo operations adopted by their job after an uncertain start (job.orphan_adopted)."
  filter      = "resource.type=\"cloud_run_revision\" AND jsonPayload.event=\"job.orphan_adopted\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
  }

  depends_on = [time_sleep.apis_ready]
}

resource "google_logging_metric" "time_to_video" {
  project     = var.project_id
  name        = "veo_jobs_time_to_video"
  description = "Seconds from job creation to a stored, signed video (job.completed), by model."
  filter      = "resource.type=\"cloud_run_revision\" AND jsonPayload.event=\"job.completed\""
  value_extractor = "EXTRACT(jsonPayload.time_to_video_seconds)"

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "DISTRIBUTION"
    unit        = "s"

    labels {
      key        = "model"
      value_type = "STRING"
    }
  }

  label_extractors = {
    model = "EXTRACT(jsonPayload.model)"
  }

  # 10 s to about 3 hours in 20 steps: generation takes minutes, the deadline is 20 minutes.
  bucket_options {
    exponential_buckets {
      num_finite_buckets = 20
      growth_factor      = 1.4
      scale              = 10
    }
  }

  depends_on = [time_sleep.apis_ready]
}

# A new log-based metric's descriptor takes a while to appear in Cloud Monitoring; an alert policy
# or chart created before it is refused with "Cannot find metric(s)". Everything that names one
# waits for this pause (MonitoringContractTest checks it).
resource "time_sleep" "log_metrics_ready" {
  create_duration = "60s"

  depends_on = [
    google_logging_metric.jobs_completed,
    google_logging_metric.jobs_failed,
    google_logging_metric.veo_calls,
    google_logging_metric.veo_rate_limited,
    google_logging_metric.sweep_redriven,
    google_logging_metric.start_uncertain,
    google_logging_metric.orphans_adopted,
    google_logging_metric.time_to_video,
  ]
}

# --- alerts -------------------------------------------------------------------------------------

resource "google_monitoring_alert_policy" "job_failure_rate" {
  project               = var.project_id
  display_name          = "Veo Jobs: failure rate above threshold"
  combiner              = "OR"
  notification_channels = var.notification_channels

  documentation {
    mime_type = "text/markdown"
    content   = "More than var.alert_failure_rate_percent of the jobs that ended in the last 30 minutes failed. The jobs_failed metric's error_code label says why. Runbook: docs/operations.md#alerts."
  }

  conditions {
    display_name = "failed / (failed + completed) over 30 minutes"

    condition_prometheus_query_language {
      query               = "sum(rate(logging_googleapis_com:user_veo_jobs_jobs_failed[30m])) / (sum(rate(logging_googleapis_com:user_veo_jobs_jobs_failed[30m])) + sum(rate(logging_googleapis_com:user_veo_jobs_jobs_completed[30m]))) * 100 > ${var.alert_failure_rate_percent}"
      duration            = "0s"
      evaluation_interval = "60s"
    }
  }

  depends_on = [time_sleep.log_metrics_ready]
}

resource "google_monitoring_alert_policy" "job_past_deadline" {
  project               = var.project_id
  display_name          = "Veo Jobs: a job ran past its deadline"
  combiner              = "OR"
  notification_channels = var.notification_channels

  documentation {
    mime_type = "text/markdown"
    content   = "A job failed with DEADLINE_EXCEEDED: it did not finish within job_deadline. Look for Veo 429s, a stuck queue or a failing finalizer. Runbook: docs/operations.md#alerts."
  }

  conditions {
    display_name = "jobs failed with DEADLINE_EXCEEDED"

    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/veo_jobs_jobs_failed\" AND resource.type=\"cloud_run_revision\" AND metric.label.error_code=\"DEADLINE_EXCEEDED\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  depends_on = [time_sleep.log_metrics_ready]
}

resource "google_monitoring_alert_policy" "veo_rate_limited" {
  project               = var.project_id
  display_name          = "Veo Jobs: Veo answers 429 for 15 minutes"
  combiner              = "OR"
  notification_channels = var.notification_channels

  documentation {
    mime_type = "text/markdown"
    content   = "Veo has been refusing calls with 429 for 15 minutes: the project's Veo quota is too low for the load, or another workload shares it. Request more quota or lower max_dispatches_per_second in queue.json. Runbook: docs/operations.md#alerts."
  }

  conditions {
    display_name = "Veo 429s per minute"

    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/veo_jobs_veo_rate_limited\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.alert_veo_429_per_minute / 60
      duration        = "900s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_RATE"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  depends_on = [time_sleep.log_metrics_ready]
}

resource "google_monitoring_alert_policy" "jobs_api_5xx" {
  project               = var.project_id
  display_name          = "Veo Jobs: jobs-api answers 5xx"
  combiner              = "OR"
  notification_channels = var.notification_channels

  documentation {
    mime_type = "text/markdown"
    content   = "jobs-api answered 5xx more than var.alert_api_5xx_per_5m times in 5 minutes. Its logs carry the trace of each failing request. Runbook: docs/operations.md#alerts."
  }

  conditions {
    display_name = "jobs-api 5xx responses"

    condition_threshold {
      filter          = "metric.type=\"run.googleapis.com/request_count\" AND resource.type=\"cloud_run_revision\" AND resource.label.service_name=\"jobs-api\" AND metric.label.response_code_class=\"5xx\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.alert_api_5xx_per_5m
      duration        = "0s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  depends_on = [google_cloudfunctions2_function.jobs_api]
}

resource "google_monitoring_alert_policy" "sweep_redrives" {
  project               = var.project_id
  display_name          = "Veo Jobs: sweeper re-drives spiking"
  combiner              = "OR"
  notification_channels = var.notification_channels

  documentation {
    mime_type = "text/markdown"
    content   = "The sweeper re-drove more than var.alert_redrives_per_15m stalled jobs in 15 minutes: tasks are being lost or steps keep failing. The queue's task logs show which. Runbook: docs/operations.md#alerts."
  }

  conditions {
    display_name = "stalled jobs re-driven in 15 minutes"

    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/veo_jobs_sweep_redriven\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.alert_redrives_per_15m
      duration        = "0s"

      aggregations {
        alignment_period     = "900s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  depends_on = [time_sleep.log_metrics_ready]
}

resource "google_monitoring_alert_policy" "start_uncertain" {
  project               = var.project_id
  display_name          = "Veo Jobs: a start is uncertain"
  combiner              = "OR"
  notification_channels = var.notification_channels

  documentation {
    mime_type = "text/markdown"
    content   = "A start could not tell whether Veo accepted the request; the worker will adopt the operation or fail the job. Check for a double-billed generation. Runbook: docs/operations.md#alerts."
  }

  conditions {
    display_name = "uncertain starts"

    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/veo_jobs_start_uncertain\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  depends_on = [time_sleep.log_metrics_ready]
}

resource "google_monitoring_alert_policy" "queue_backlog" {
  project               = var.project_id
  display_name          = "Veo Jobs: the job queue is backing up"
  combiner              = "OR"
  notification_channels = var.notification_channels

  documentation {
    mime_type = "text/markdown"
    content   = "More than var.alert_queue_depth tasks have waited in the job queue for 15 minutes: the dispatch rate is below the load or the functions refuse deliveries. Runbook: docs/operations.md#alerts."
  }

  conditions {
    display_name = "tasks waiting in the job queue"

    condition_threshold {
      filter          = "metric.type=\"cloudtasks.googleapis.com/queue/depth\" AND resource.type=\"cloud_tasks_queue\" AND resource.label.queue_id=\"${google_cloud_tasks_queue.jobs.name}\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.alert_queue_depth
      duration        = "900s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_MEAN"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  depends_on = [google_cloud_tasks_queue.jobs]
}

# --- dashboard ------------------------------------------------------------------------------------

# The same figures as the alerts, in one place: Monitoring → Dashboards → "Veo Jobs".
resource "google_monitoring_dashboard" "operations" {
  project        = var.project_id
  dashboard_json = file("${path.module}/dashboards/operations.json")

  depends_on = [time_sleep.log_metrics_ready]
}
