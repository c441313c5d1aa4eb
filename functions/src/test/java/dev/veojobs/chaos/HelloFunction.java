package dev.veojobs.chaos;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;

/** The bench's floor: a function that does nothing, served by the same invoker as the real ones. */
public final class HelloFunction implements HttpFunction {
  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    response.setContentType("text/plain");
    response.getWriter().write("hello");
  }
}
