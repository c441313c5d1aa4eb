# WEBHOOK_SECRETS for the finalizer, which signs webhook deliveries with it. Off by default: with no
# secret the finalizer sends no webhooks (it says so at start-up). Turned on, Terraform creates the
# secret with a first random key, mounts it on job-finalizer only, and lets only job-finalizer's
# account read it. Receivers read the key with
#   gcloud secrets versions access latest --secret veo-jobs-webhook-secrets
# Rotate by adding a version "whsec_NEW,whsec_OLD" (newest first), then one with only the new key
# once receivers have switched; the function reads "latest" when an instance starts.
resource "google_secret_manager_secret" "webhook_secrets" {
  count = var.webhook_secrets_enabled ? 1 : 0

  project   = var.project_id
  secret_id = "veo-jobs-webhook-secrets"
  labels    = local.labels

  replication {
    auto {}
  }

  depends_on = [time_sleep.apis_ready]
}

# 32 random bytes, the format dev.veojobs.security.webhook.WebhookSecret parses (whsec_<base64>).
# The value lives in the Terraform state like any generated secret; keep the state private.
resource "random_bytes" "webhook_secret" {
  count = var.webhook_secrets_enabled ? 1 : 0

  length = 32
}

resource "google_secret_manager_secret_version" "webhook_secrets" {
  count = var.webhook_secrets_enabled ? 1 : 0

  secret      = google_secret_manager_secret.webhook_secrets[0].id
  secret_data = "whsec_${random_bytes.webhook_secret[0].base64}"
}

resource "google_secret_manager_secret_iam_member" "job_finalizer_webhook_secrets" {
  count = var.webhook_secrets_enabled ? 1 : 0

  project   = var.project_id
  secret_id = google_secret_manager_secret.webhook_secrets[0].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.job_finalizer.member
}
