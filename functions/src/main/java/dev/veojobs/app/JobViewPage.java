package dev.veojobs.app;

import java.util.List;

/** Stand-in (replaced on merge): one page of job views. */
public record JobViewPage(List<JobView> jobs, String nextPageToken) {}
