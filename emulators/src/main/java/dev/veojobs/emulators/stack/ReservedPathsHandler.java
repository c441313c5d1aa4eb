package dev.veojobs.emulators.stack;

import java.util.Set;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The invoker answers {@code /favicon.ico} and {@code /robots.txt} itself, before the function, with
 * an empty 404 and no headers. Placed in front of the invoker's handlers, this answers them with the
 * same 404 in the API's error shape and with its security headers, like every other unknown path.
 */
final class ReservedPathsHandler extends Handler.Wrapper {
  /** The paths the invoker (2.0.0) keeps for itself. */
  static final Set<String> PATHS = Set.of("/favicon.ico", "/robots.txt");

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (PATHS.contains(request.getHttpURI().getCanonicalPath())) {
      response.setStatus(HttpStatus.NOT_FOUND_404);
      JsonErrorHandler.write(request, response, callback);
      return true;
    }
    return super.handle(request, response, callback);
  }
}
