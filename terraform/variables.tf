variable "project_id" {
  type        = string
  description = "The Google Cloud project to deploy into (its ID, not its number)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "The project_id must be a project ID: 6-30 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "Region of the functions, the Cloud Tasks queue, the scheduler job and the video bucket."
  default     = "us-central1"

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "The region must be a Cloud region such as us-central1."
  }
}

variable "firestore_location" {
  type        = string
  description = "Location of the Firestore database (a multi-region such as nam5 or a region). Cannot change after creation."
  default     = "nam5"
}

variable "veo_location" {
  type        = string
  description = "Vertex AI location the worker calls Veo in."
  default     = "us-central1"
}

variable "video_bucket_name" {
  type        = string
  description = "Name of the bucket that holds Veo output, uploads and final videos. Empty means \"<project_id>-veo-videos\"."
  default     = ""

  validation {
    condition     = var.video_bucket_name == "" || can(regex("^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$", var.video_bucket_name))
    error_message = "The video_bucket_name must be a valid bucket name (3-63 lowercase letters, digits, dots, hyphens, underscores)."
  }
}

variable "allowed_origins" {
  type        = list(string)
  description = "Browser origins allowed to call jobs-api and to GET/PUT the bucket through signed URLs, e.g. [\"https://app.example.com\"]."
  default     = ["http://localhost:8000"]

  validation {
    # Config's rule for CORS_ALLOWED_ORIGINS (an http(s) scheme and a host, an optional port and
    # trailing slash, nothing else), and at least one: a deployment no browser may call is a mistake.
    condition     = length(var.allowed_origins) > 0 && alltrue([for origin in var.allowed_origins : can(regex("(?i)^https?://[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?/?$", origin))])
    error_message = "Each allowed origin is a scheme and host (and optional port) without a path or wildcard, e.g. https://app.example.com."
  }
}

variable "raw_output_retention_days" {
  type        = number
  description = "Days Veo's raw output under veo-output/ is kept; the finalizer copies the video to videos/ long before."
  default     = 3

  validation {
    condition     = var.raw_output_retention_days >= 1
    error_message = "The raw_output_retention_days must be at least 1: the finalizer reads the raw output after generation ends."
  }
}

variable "upload_retention_days" {
  type        = number
  description = "Days an input image uploaded under uploads/ is kept; a job reads it only while it starts."
  default     = 2

  validation {
    condition     = var.upload_retention_days >= 1
    error_message = "The upload_retention_days must be at least 1."
  }
}

variable "job_retention_days" {
  type        = number
  description = "Days a finished job, its events and its objects (videos/, veo-output/, uploads/) are kept; 0 keeps them for ever. Sets JOB_RETENTION, the Firestore TTL policies and the bucket lifecycle rule together."
  default     = 0

  validation {
    condition     = var.job_retention_days >= 0 && floor(var.job_retention_days) == var.job_retention_days
    error_message = "The job_retention_days must be a whole number of days, 0 (keep for ever) or more."
  }
}

variable "function_jar_path" {
  type        = string
  description = "The shaded functions jar, relative to the directory terraform runs in (terraform/). Build it first: ./mvnw -B -pl functions -am package -DskipTests"
  default     = "../functions/target/functions-0.1.0-SNAPSHOT.jar"

  validation {
    condition     = endswith(var.function_jar_path, ".jar") && fileexists(var.function_jar_path)
    error_message = "The function_jar_path must point at the shaded jar; build it first with ./mvnw -B -pl functions -am package -DskipTests."
  }
}

variable "min_instances" {
  type        = number
  description = "Instances of jobs-api kept warm (0 scales to zero). The worker and finalizer always scale from zero: a cold start is small next to minutes of generation."
  default     = 0

  validation {
    condition     = var.min_instances >= 0 && var.min_instances <= 10
    error_message = "The min_instances must be between 0 and 10."
  }
}

variable "api_max_instances" {
  type        = number
  description = "Upper bound of jobs-api instances (each serves up to 80 requests at once)."
  default     = 20

  validation {
    condition     = var.api_max_instances >= 1
    error_message = "The api_max_instances must be at least 1."
  }
}

variable "worker_max_instances" {
  type        = number
  description = "Upper bound of job-worker instances (each serves up to 20 task deliveries at once)."
  default     = 10

  validation {
    condition     = var.worker_max_instances >= 1
    error_message = "The worker_max_instances must be at least 1."
  }
}

variable "finalizer_max_instances" {
  type        = number
  description = "Upper bound of job-finalizer instances (each serves up to 10 finalizations at once)."
  default     = 5

  validation {
    condition     = var.finalizer_max_instances >= 1
    error_message = "The finalizer_max_instances must be at least 1."
  }
}

variable "user_max_in_flight" {
  type        = number
  description = "Jobs one user may have pending or processing at once (0 = no limit)."
  default     = 3

  validation {
    # Config reads a whole number from 0 to 2147483647 (a Java int).
    condition     = var.user_max_in_flight >= 0 && var.user_max_in_flight <= 2147483647 && floor(var.user_max_in_flight) == var.user_max_in_flight
    error_message = "The user_max_in_flight must be a whole number, 0 (no limit) or more."
  }
}

variable "user_max_jobs_per_day" {
  type        = number
  description = "Jobs one user may create per UTC day (0 = no limit)."
  default     = 50

  validation {
    # Config reads a whole number from 0 to 2147483647 (a Java int).
    condition     = var.user_max_jobs_per_day >= 0 && var.user_max_jobs_per_day <= 2147483647 && floor(var.user_max_jobs_per_day) == var.user_max_jobs_per_day
    error_message = "The user_max_jobs_per_day must be a whole number, 0 (no limit) or more."
  }
}

variable "global_max_in_flight" {
  type        = number
  description = "Jobs pending or processing across all users at once (0 = no limit); a soft brake on backlog. The start queue keeps Veo calls inside the quota; keep this at least 4 x the Veo starts per minute, or it caps throughput below the quota."
  default     = 200

  validation {
    # Config reads a whole number from 0 to 2147483647 (a Java int).
    condition     = var.global_max_in_flight >= 0 && var.global_max_in_flight <= 2147483647 && floor(var.global_max_in_flight) == var.global_max_in_flight
    error_message = "The global_max_in_flight must be a whole number, 0 (no limit) or more."
  }
}

variable "job_deadline" {
  type        = string
  description = "ISO-8601 duration after which an unfinished job fails with DEADLINE_EXCEEDED."
  default     = "PT20M"

  validation {
    # The rule of dev.veojobs.config.Config (java.time.Duration: days and time parts, seconds may
    # have a fraction after . or ,), positive. Terraform evaluates both sides of &&, hence try().
    # VariableValidationContractTest feeds this condition and Config the same cases.
    condition = (can(regex("(?i)^P(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:[.,][0-9]+)?)S)?)?$", var.job_deadline))
      && !can(regex("(?i)T$", var.job_deadline))
      && try(sum([for i, n in regex("(?i)^P(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:[.,][0-9]+)?)S)?)?$", var.job_deadline) : tonumber(replace(coalesce(n, "0"), ",", ".")) * element([86400, 3600, 60, 1], i)]), 0) > 0)
    error_message = "The job_deadline must be a positive ISO-8601 duration such as PT20M or P1D."
  }
}

variable "signed_url_ttl" {
  type        = string
  description = "ISO-8601 lifetime of the signed video URLs handed to browsers (V4 signed URLs last at most 7 days)."
  default     = "PT1H"

  validation {
    # The rule of dev.veojobs.config.Config (java.time.Duration: days and time parts, seconds may
    # have a fraction after . or ,), positive and at most 7 days. Terraform evaluates both sides of &&, hence try().
    # VariableValidationContractTest feeds this condition and Config the same cases.
    condition = (can(regex("(?i)^P(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:[.,][0-9]+)?)S)?)?$", var.signed_url_ttl))
      && !can(regex("(?i)T$", var.signed_url_ttl))
      && try(sum([for i, n in regex("(?i)^P(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:[.,][0-9]+)?)S)?)?$", var.signed_url_ttl) : tonumber(replace(coalesce(n, "0"), ",", ".")) * element([86400, 3600, 60, 1], i)]), 0) > 0
      && try(sum([for i, n in regex("(?i)^P(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:[.,][0-9]+)?)S)?)?$", var.signed_url_ttl) : tonumber(replace(coalesce(n, "0"), ",", ".")) * element([86400, 3600, 60, 1], i)]), 0) <= 604800)
    error_message = "The signed_url_ttl must be an ISO-8601 duration of at most 7 days, such as PT1H or P1D."
  }
}

variable "sweep_schedule" {
  type        = string
  description = "Cron schedule (UTC) of the sweeper that re-drives stalled jobs and fails jobs past their deadline; null = emulator-config/scheduler.json, the schedule the local stack uses."
  default     = null
}

variable "webhook_secrets_enabled" {
  type        = bool
  description = "Create the WEBHOOK_SECRETS secret in Secret Manager (with a random first key) and mount it on job-finalizer. Off: jobs with a webhook_url complete without a webhook."
  default     = false
}

variable "queue_log_sampling_ratio" {
  type        = number
  description = "Share of Cloud Tasks operations logged (1 = every task create and dispatch attempt, so a lost or duplicated task can be traced; lower it only if the log volume costs too much)."
  default     = 1

  validation {
    condition     = var.queue_log_sampling_ratio > 0 && var.queue_log_sampling_ratio <= 1
    error_message = "The queue_log_sampling_ratio must be above 0 and at most 1."
  }
}

variable "notification_channels" {
  type        = list(string)
  description = "Monitoring notification channels the alerts go to, as projects/PROJECT/notificationChannels/ID (create them in the console or with google_monitoring_notification_channel). Empty: incidents open in the console only."
  default     = []
}

variable "alert_failure_rate_percent" {
  type        = number
  description = "Alert when more than this percentage of the jobs that ended in 30 minutes failed."
  default     = 20

  validation {
    condition     = var.alert_failure_rate_percent > 0 && var.alert_failure_rate_percent <= 100
    error_message = "The alert_failure_rate_percent must be above 0 and at most 100."
  }
}

variable "alert_veo_429_per_minute" {
  type        = number
  description = "Alert when Veo answers more 429s a minute than this, for 15 minutes."
  default     = 1
}

variable "alert_api_5xx_per_5m" {
  type        = number
  description = "Alert when jobs-api answers more 5xx than this in 5 minutes."
  default     = 5
}

variable "alert_redrives_per_15m" {
  type        = number
  description = "Alert when the sweeper re-drives more stalled jobs than this in 15 minutes."
  default     = 10
}

variable "alert_queue_depth" {
  type        = number
  description = "Alert when more tasks than this wait in the job queue for 15 minutes."
  default     = 200
}
