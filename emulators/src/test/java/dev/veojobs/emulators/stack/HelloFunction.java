package dev.veojobs.emulators.stack;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;

/** The smallest HTTP function, for starting {@link FunctionServer} without the functions module. */
public final class HelloFunction implements HttpFunction {
  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    response.setContentType("text/plain; charset=utf-8");
    response.getWriter().write("hello");
  }
}
