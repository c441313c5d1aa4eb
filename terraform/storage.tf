locals {
  video_bucket_name = var.video_bucket_name != "" ? var.video_bucket_name : "${var.project_id}-veo-videos"
}

# Veo writes to veo-output/{job}/{attempt}/, browsers upload input images to uploads/ through
# signed PUT URLs, and the finalizer keeps the result at videos/{owner}/{job}.mp4. Nothing is
# public: browsers read and write only through V4 signed URLs.
resource "google_storage_bucket" "videos" {
  project                     = var.project_id
  name                        = local.video_bucket_name
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  # <video> seeking needs Range requests and their response headers; uploads are PUTs.
  cors {
    origin          = var.allowed_origins
    method          = ["GET", "HEAD", "PUT"]
    response_header = ["Content-Type", "Content-Range", "Accept-Ranges"]
    max_age_seconds = 3600
  }

  lifecycle_rule {
    condition {
      age            = var.raw_output_retention_days
      matches_prefix = ["veo-output/"]
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      age            = var.upload_retention_days
      matches_prefix = ["uploads/"]
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      age = 1
    }
    action {
      type = "AbortIncompleteMultipartUpload"
    }
  }

  # Retention (job_retention_days, the same variable as JOB_RETENTION and the Firestore TTL policies):
  # a job's objects go when the job does. Objects age from their creation, the job from its end, so
  # a video (written as the job completes) goes with it; veo-output/ and uploads/ usually go sooner
  # under the rules above. RetentionContractTest ties the three together.
  dynamic "lifecycle_rule" {
    for_each = var.job_retention_days > 0 ? [var.job_retention_days] : []

    content {
      condition {
        age            = lifecycle_rule.value
        matches_prefix = ["videos/", "veo-output/", "uploads/"]
      }
      action {
        type = "Delete"
      }
    }
  }

  depends_on = [time_sleep.apis_ready]
}

# Holds the zipped jar that Cloud Build turns into the three function images.
resource "google_storage_bucket" "function_source" {
  project                     = var.project_id
  name                        = "${var.project_id}-veo-jobs-source"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true

  depends_on = [time_sleep.apis_ready]
}

data "archive_file" "function_source" {
  type        = "zip"
  source_file = var.function_jar_path
  output_path = "${path.module}/.build/functions-source.zip"
}

# Named by content: a new jar is a new object, which redeploys the functions.
resource "google_storage_bucket_object" "function_source" {
  bucket = google_storage_bucket.function_source.name
  name   = "functions-${data.archive_file.function_source.output_md5}.zip"
  source = data.archive_file.function_source.output_path
}
