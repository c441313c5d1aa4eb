/**
 * The composition root: the one package that knows every use case's constructor and which adapter
 * implements which port. {@link dev.veojobs.wiring.Wiring} reads a function's {@code Config} and
 * builds its use cases over {@link dev.veojobs.wiring.Adapters} ({@link dev.veojobs.wiring.GcpAdapters}
 * in production and in the local stack: Google's clients, pointed at emulators when configured).
 *
 * <p>It sits above both the function classes ({@code http}, whose no-argument constructors call
 * {@code Wiring.forFunction}) and the adapters ({@code gcp}), so neither of those two needs the
 * other and the packages stay free of cycles ({@code PackagesTest}).
 */
package dev.veojobs.wiring;
