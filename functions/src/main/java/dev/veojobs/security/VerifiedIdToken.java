package dev.veojobs.security;

import java.time.Instant;

/** What a verified Firebase ID token proves: who signed in, and when they last authenticated. */
public record VerifiedIdToken(String uid, Instant authTime) {}
