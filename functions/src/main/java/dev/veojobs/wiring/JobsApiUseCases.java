package dev.veojobs.wiring;

import dev.veojobs.app.CancelJob;
import dev.veojobs.app.CreateJob;
import dev.veojobs.app.DeleteJob;
import dev.veojobs.app.ListJobEvents;
import dev.veojobs.app.GetJob;
import dev.veojobs.app.LatestNodeJob;
import dev.veojobs.app.ListJobs;
import dev.veojobs.app.Uploads;
import dev.veojobs.security.webhook.WebhookUrlPolicy;

/** The use cases behind jobs-api's routes. */
public record JobsApiUseCases(
    CreateJob createJob, GetJob getJob, ListJobs listJobs, LatestNodeJob latestNodeJob, CancelJob cancelJob,
    Uploads uploads, WebhookUrlPolicy webhookUrls, DeleteJob deleteJob, ListJobEvents listJobEvents) {}
