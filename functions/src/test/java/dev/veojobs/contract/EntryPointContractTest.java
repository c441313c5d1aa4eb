package dev.veojobs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryPointContractTest {

  private final ClassLoader loader = getClass().getClassLoader();

  @Test
  void terraformDeploysTheEntryPointsFunctionNameNames() {
    List<String> problems = EntryPointContract.driftProblems(TerraformModule.baseline());

    assertThat(problems)
        .withFailMessage("Terraform entry points drifted from dev.veojobs.config.FunctionName:%n%s", String.join("\n", problems))
        .isEmpty();
  }

  @Test
  void everyEntryPointIsAnHttpFunctionOfTheJar() {
    List<String> problems = EntryPointContract.classProblems(TerraformModule.baseline(), loader);

    assertThat(problems)
        .withFailMessage("Terraform deploys entry points the jar cannot serve:%n%s", String.join("\n", problems))
        .isEmpty();
  }

  @Test
  void aChangedEntryPointIsReported() {
    TerraformModule drifted = TerraformModule.baseline().sources()
        .replace("terraform/functions.tf", "\"dev\\.veojobs\\.http\\.JobWorkerFunction\"", "\"dev.veojobs.http.WorkerFunction\"")
        .parse();

    assertThat(EntryPointContract.driftProblems(drifted)).containsExactly(
        "job-worker: Terraform entry point dev.veojobs.http.WorkerFunction differs from"
            + " FunctionName.JOB_WORKER (dev.veojobs.http.JobWorkerFunction)");
    assertThat(EntryPointContract.classProblems(drifted, loader)).contains(
        "job-worker: entry point dev.veojobs.http.WorkerFunction is not a class on the classpath");
  }

  @Test
  void anotherRuntimeIsReported() {
    TerraformModule drifted = TerraformModule.baseline().sources()
        .replace("terraform/functions.tf", "(?<=runtime         = \")java21(?=\"\\n\\s+entry_point     = \"dev\\.veojobs\\.http\\.JobsApiFunction)", "java17")
        .parse();

    assertThat(EntryPointContract.driftProblems(drifted)).containsExactly(
        "jobs-api: Terraform runtime java17 is not java21, the Java release the build compiles for");
  }

  @Test
  void onlyConcreteHttpFunctionsWithANoArgumentConstructorPass() {
    assertThat(EntryPointContract.classProblem(ServingFunction.class.getName(), loader)).isNull();
    assertThat(EntryPointContract.classProblem("java.lang.String", loader))
        .isEqualTo("entry point java.lang.String does not implement com.google.cloud.functions.HttpFunction");
    assertThat(EntryPointContract.classProblem("dev.veojobs.http.NoSuchFunction", loader))
        .isEqualTo("entry point dev.veojobs.http.NoSuchFunction is not a class on the classpath");
    assertThat(EntryPointContract.classProblem(AbstractFunction.class.getName(), loader))
        .endsWith("is abstract; the Functions Framework cannot instantiate it");
    assertThat(EntryPointContract.classProblem(ConfiguredFunction.class.getName(), loader))
        .endsWith("has no public no-argument constructor, which the Functions Framework needs");
  }

  public static class ServingFunction implements HttpFunction {
    @Override
    public void service(HttpRequest request, HttpResponse response) {}
  }

  public abstract static class AbstractFunction implements HttpFunction {}

  public static class ConfiguredFunction implements HttpFunction {
    public ConfiguredFunction(String setting) {}

    @Override
    public void service(HttpRequest request, HttpResponse response) {}
  }
}
