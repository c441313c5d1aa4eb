package dev.veojobs.contract;

import com.google.cloud.functions.HttpFunction;
import dev.veojobs.config.FunctionName;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Terraform deploys each function with the entry point FunctionName names, on the Java runtime the
 * build targets, and every entry point is an HTTP function class in the jar.
 */
public final class EntryPointContract {

  static final String RUNTIME = "java21";

  private EntryPointContract() {}

  /** Terraform against FunctionName: names and runtime only, no class loading. */
  public static List<String> driftProblems(TerraformModule module) {
    List<String> problems = new ArrayList<>();
    Map<FunctionName, DeployedFunction> deployed = DeployedFunction.in(module);
    for (FunctionName function : FunctionName.values()) {
      DeployedFunction fn = deployed.get(function);
      if (fn == null) {
        problems.add("Terraform deploys no " + DeployedFunction.TYPE + " named " + function.serviceName());
        continue;
      }
      if (!function.entryPoint().equals(fn.entryPoint())) {
        problems.add(fn.name() + ": Terraform entry point " + fn.entryPoint() + " differs from FunctionName."
            + function.name() + " (" + function.entryPoint() + ")");
      }
      if (!RUNTIME.equals(fn.runtime())) {
        problems.add(fn.name() + ": Terraform runtime " + fn.runtime() + " is not " + RUNTIME
            + ", the Java release the build compiles for");
      }
    }
    return problems;
  }

  /** Every entry point Terraform names is a class on the classpath that implements HttpFunction. */
  public static List<String> classProblems(TerraformModule module, ClassLoader loader) {
    List<String> problems = new ArrayList<>();
    for (DeployedFunction fn : DeployedFunction.in(module).values()) {
      String problem = classProblem(fn.entryPoint(), loader);
      if (problem != null) {
        problems.add(fn.name() + ": " + problem);
      }
    }
    return problems;
  }

  /** Null when {@code className} names an HttpFunction class, else what is wrong with it. */
  public static String classProblem(String className, ClassLoader loader) {
    if (className == null) {
      return "Terraform sets no entry point";
    }
    Class<?> type;
    try {
      // Not initialised: the check must not run the function's static set-up (clients, config).
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return "entry point " + className + " is not a class on the classpath";
    }
    if (!HttpFunction.class.isAssignableFrom(type)) {
      return "entry point " + className + " does not implement " + HttpFunction.class.getName();
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      return "entry point " + className + " is abstract; the Functions Framework cannot instantiate it";
    }
    try {
      if (!Modifier.isPublic(type.getConstructor().getModifiers())) {
        return "entry point " + className + " has no public no-argument constructor";
      }
    } catch (NoSuchMethodException e) {
      return "entry point " + className + " has no public no-argument constructor, which the Functions Framework needs";
    }
    return null;
  }
}
