package dev.veojobs.emulators.faults;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs a gRPC call under an emulator's fault plans. A held call occupies no thread: it is an
 * unanswered response observer, answered when released or forgotten when the client cancels.
 */
public final class GrpcFaults {
  private GrpcFaults() {}

  /**
   * Decides the call's fault, then: BEFORE, answers with the fault without running {@code call}; AFTER,
   * runs it (whatever its outcome) and answers with the fault instead; otherwise sends its responses.
   *
   * @param call the responses of the call, or a RuntimeException for its error
   * @param errors turns a RuntimeException of {@code call} into the status the client gets
   */
  public static <T> void run(FaultPlans plans, String method, Predicate<String> targetMatches,
      StreamObserver<T> responses, Supplier<List<T>> call, Function<RuntimeException, RuntimeException> errors) {
    Optional<FaultPlans.Injection> fault = plans.decide(method, targetMatches);
    if (fault.isPresent() && fault.get().before()) {
      strike(plans, fault.get(), method, responses);
      return;
    }
    List<T> results;
    try {
      results = call.get();
    } catch (RuntimeException e) {
      if (fault.isPresent()) {
        strike(plans, fault.get(), method, responses);
      } else {
        responses.onError(errors.apply(e));
      }
      return;
    }
    if (fault.isPresent()) {
      strike(plans, fault.get(), method, responses);
      return;
    }
    results.forEach(responses::onNext);
    responses.onCompleted();
  }

  private static <T> void strike(
      FaultPlans plans, FaultPlans.Injection fault, String method, StreamObserver<T> responses) {
    if (fault.effect() == FaultPlan.Effect.FAIL) {
      Status.Code code = Status.Code.valueOf(fault.code());
      responses.onError(Status.fromCode(code).withDescription(message(code, fault.planId())).asRuntimeException());
      return;
    }
    ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) responses;
    if (call.isCancelled()) {
      return;
    }
    FaultPlans.HeldCall held = plans.hold(method, () -> {
      try {
        call.onError(Status.UNAVAILABLE
            .withDescription("The held call was released (fault plan " + fault.planId() + ").")
            .asRuntimeException());
      } catch (RuntimeException alreadyCancelled) {
        // the client went away at the same moment; nobody is left to answer
      }
    });
    // Must be set while the service method runs; a client that gives up leaves nothing held.
    call.setOnCancelHandler(held::cancel);
  }

  /** Production's wording for the usual transient codes, tagged with the plan that injected the fault. */
  static String message(Status.Code code, String planId) {
    String text = switch (code) {
      case UNAVAILABLE -> "The service is currently unavailable.";
      case ABORTED -> "Aborted due to cross-transaction contention. This occurs when multiple transactions attempt"
          + " to access the same data, requiring Firestore to abort at least one in order to enforce serializability.";
      case ALREADY_EXISTS -> "Requested entity already exists";
      case DEADLINE_EXCEEDED -> "Deadline exceeded.";
      case RESOURCE_EXHAUSTED -> "Quota exceeded.";
      case INTERNAL -> "Internal error encountered.";
      default -> code.name();
    };
    return text + " [injected by fault plan " + planId + "]";
  }
}
