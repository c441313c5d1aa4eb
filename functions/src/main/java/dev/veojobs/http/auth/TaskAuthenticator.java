package dev.veojobs.http.auth;

import com.google.cloud.functions.HttpRequest;

/** Checks that a request to a private function really comes from our Cloud Tasks queue. */
@FunctionalInterface
public interface TaskAuthenticator {
  /** @throws UnauthenticatedException when the request is not an authentic task delivery */
  void authenticate(HttpRequest request) throws UnauthenticatedException;
}
