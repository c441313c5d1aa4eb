package dev.veojobs.app;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Deliberately breaks the SDK-free rule, so DomainIsSdkFreeTest can show the rule would fail. */
public final class SdkLeakFixture {
  private SdkLeakFixture() {}

  public static String leak() {
    return new ObjectMapper().getClass().getName();
  }
}
