package dev.veojobs.gcp;

import com.google.auth.oauth2.GoogleCredentials;
import dev.veojobs.security.AuthServiceUnavailableException;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * An OAuth access token of the function's runtime service account (Application Default Credentials),
 * for Identity Toolkit calls. Credentials are loaded on first use and refreshed when near expiry.
 */
public final class ApplicationDefaultAccessToken implements Supplier<String> {
  private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");

  private GoogleCredentials credentials;

  @Override
  public synchronized String get() {
    try {
      if (credentials == null) {
        credentials = GoogleCredentials.getApplicationDefault().createScoped(SCOPES);
      }
      credentials.refreshIfExpired();
      return credentials.getAccessToken().getTokenValue();
    } catch (IOException e) {
      throw new AuthServiceUnavailableException("no access token for accounts:lookup", e);
    }
  }
}
