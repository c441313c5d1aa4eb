package dev.veojobs.http;

import java.util.List;

/** {@code {"jobs":[…],"next_page_token":"…"|null}}. */
record JobListResource(List<JobResource> jobs, String nextPageToken) {}
