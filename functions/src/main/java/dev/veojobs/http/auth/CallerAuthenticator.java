package dev.veojobs.http.auth;

import com.google.cloud.functions.HttpRequest;

/** Who is calling jobs-api: the Firebase uid that owns the jobs it touches. */
@FunctionalInterface
public interface CallerAuthenticator {
  /**
   * @return the caller's uid, never blank
   * @throws UnauthenticatedException when the request carries no acceptable credentials
   */
  String authenticate(HttpRequest request) throws UnauthenticatedException;
}
