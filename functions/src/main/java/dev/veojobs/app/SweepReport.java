package dev.veojobs.app;

/** Stand-in (replaced on merge): what one sweep found and did. */
public record SweepReport(int examined, int redriven, int failed) {}
