package dev.veojobs.emulators.stack;

import com.google.cloud.functions.invoker.runner.Invoker;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.AbstractNetworkConnector;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * What the Functions Framework invoker's Jetty is told before it starts: the address to listen on,
 * not to name itself in a {@code Server: Jetty(…)} header, and to answer the requests it refuses
 * itself (bad request lines, headers or paths, and the invoker's own {@code /favicon.ico} and
 * {@code /robots.txt}) in the API's JSON error shape with the API's security headers
 * ({@link JsonErrorHandler}, {@link ReservedPathsHandler}). The invoker (2.0.0) has no setting for any of these: it listens
 * on every interface, keeps Jetty's default header and answers its errors with an empty body.
 *
 * <p>It does, after building its server and connector and before starting them, ask the function's
 * class loader for the function class. The loader this class hands the invoker uses that moment to
 * apply them through Jetty's own API, so the port is never bound anywhere else, even
 * briefly. If a future invoker asks at another moment, {@link #verify} fails the start with a
 * message saying so instead of letting the function listen everywhere (FunctionServerIT checks both
 * settings on a running function).
 */
final class InvokerJettySettings {
  private final String host;
  private final String target;
  private volatile Invoker invoker;
  private volatile boolean applied;

  /**
   * @param host the address to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
   * @param target the function class the invoker will ask for
   */
  InvokerJettySettings(String host, String target) {
    this.host = host;
    this.target = target;
  }

  /** The class loader to give the invoker: {@code functions}' classes, plus the moment to configure Jetty. */
  ClassLoader classLoaderFor(ClassLoader functions) {
    return new ClassLoader(functions) {
      @Override
      public Class<?> loadClass(String name) throws ClassNotFoundException {
        if (name.equals(target) && !applied) {
          apply();
        }
        return super.loadClass(name);
      }
    };
  }

  /** Must be called with the invoker built on {@link #classLoaderFor}'s loader, before it starts. */
  void attach(Invoker invoker) {
    this.invoker = invoker;
  }

  private synchronized void apply() {
    if (applied || invoker == null) {
      return;
    }
    Server server = jettyOf(invoker);
    if (server == null || server.isStarted() || server.getConnectors().length == 0) {
      return; // verify() reports it
    }
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof AbstractNetworkConnector network) {
        network.setHost(host);
      }
      for (ConnectionFactory factory : connector.getConnectionFactories()) {
        if (factory instanceof HttpConfiguration.ConnectionFactory http) {
          http.getHttpConfiguration().setSendServerVersion(false);
          http.getHttpConfiguration().setSendXPoweredBy(false);
        }
      }
    }
    server.setErrorHandler(new JsonErrorHandler());
    // The invoker adds its own handlers after asking for the class; ours goes in front once they are all there.
    server.addEventListener(new LifeCycle.Listener() {
      @Override
      public void lifeCycleStarting(LifeCycle event) {
        server.insertHandler(new ReservedPathsHandler());
      }
    });
    applied = true;
  }

  /** Throws when the settings did not reach the invoker's Jetty before it started. */
  void verify(String serviceName) {
    if (!applied) {
      throw new IllegalStateException(serviceName + ": the Functions Framework invoker started its Jetty server "
          + "before it could be told to listen on " + host + " and to send no Server header; this invoker version "
          + "starts in another order than 2.0.0 (see InvokerJettySettings)");
    }
  }

  /** The invoker keeps its Jetty server in a private field and offers no accessor. */
  private static Server jettyOf(Invoker invoker) {
    try {
      Field field = Invoker.class.getDeclaredField("server");
      field.setAccessible(true);
      return (Server) field.get(invoker);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
