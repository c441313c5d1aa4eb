output "api_url" {
  description = "Base URL of jobs-api for the web client (POST {api_url}/v1/jobs)."
  value       = google_cloudfunctions2_function.jobs_api.service_config[0].uri
}

output "bucket" {
  description = "The video bucket (Veo output, uploads, final videos)."
  value       = google_storage_bucket.videos.name
}

output "queue" {
  description = "The Cloud Tasks queue that carries every job step, as projects/…/locations/…/queues/…."
  value       = google_cloud_tasks_queue.jobs.id
}

output "worker_url" {
  description = "The deterministic URL job-worker is called at (WORKER_URL)."
  value       = local.worker_url
}

output "finalizer_url" {
  description = "The deterministic URL job-finalizer is called at (FINALIZER_URL)."
  value       = local.finalizer_url
}

output "tasks_invoker" {
  description = "The identity Cloud Tasks and Cloud Scheduler present to the private functions."
  value       = google_service_account.tasks_invoker.email
}
