package dev.veojobs.app;

import java.time.Instant;

/** A URL a browser can use directly, and when it stops working. */
public record SignedUrl(String url, Instant expiresAt) {}
