package dev.veojobs.config;

/** The three deployed functions; names match the Terraform resources and Cloud Run services. */
public enum FunctionName {
  JOBS_API("jobs-api", "dev.veojobs.http.JobsApiFunction"),
  JOB_WORKER("job-worker", "dev.veojobs.http.JobWorkerFunction"),
  JOB_FINALIZER("job-finalizer", "dev.veojobs.http.JobFinalizerFunction");

  private final String serviceName;
  private final String entryPoint;

  FunctionName(String serviceName, String entryPoint) {
    this.serviceName = serviceName;
    this.entryPoint = entryPoint;
  }

  public String serviceName() {
    return serviceName;
  }

  public String entryPoint() {
    return entryPoint;
  }
}
