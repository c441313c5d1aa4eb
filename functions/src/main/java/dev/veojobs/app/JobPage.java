package dev.veojobs.app;

import dev.veojobs.job.Job;
import java.util.List;

/** One page of jobs; {@code nextPageToken} is null on the last page. */
public record JobPage(List<Job> jobs, String nextPageToken) {}
