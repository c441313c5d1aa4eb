/**
 * The adapters: one implementation per port of {@code app}, on Google's official clients
 * (Firestore, Cloud Tasks, Cloud Storage, Veo through google-genai, Application Default
 * Credentials), plus the two that implement a port on top of another port and a security policy:
 * {@link dev.veojobs.gcp.StoredImageCheck} (the stored input image against {@code ImageUriPolicy},
 * over {@code BlobStore}) and {@link dev.veojobs.gcp.SignedWebhookSender} (Standard Webhooks over the
 * JDK HTTP client). Nothing here knows the function classes; {@code wiring} builds these.
 */
package dev.veojobs.gcp;
