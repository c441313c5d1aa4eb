package dev.veojobs.app;

/**
 * Cost-abuse limits checked in the create transaction. A value of 0 or less means "no limit".
 */
public record AdmissionLimits(int perUserInFlight, int perUserPerDay, int globalInFlight) {
  public static final AdmissionLimits NONE = new AdmissionLimits(0, 0, 0);
}
