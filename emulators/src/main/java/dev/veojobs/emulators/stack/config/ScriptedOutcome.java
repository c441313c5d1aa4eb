package dev.veojobs.emulators.stack.config;

import dev.veojobs.emulators.veo.Outcome;

/**
 * A prompt marker from {@code fake_veo.scripted_outcomes}: every start whose prompt contains
 * {@code promptContains} gets {@code outcome}, or only the first {@code times} ones when set.
 */
public record ScriptedOutcome(String promptContains, Outcome outcome, Integer times) {}
