/**
 * The JSON of a task body, {@link dev.veojobs.wire.TaskPayloadJson}: written by the Cloud Tasks
 * adapter ({@code gcp.CloudTasksQueue}) and read by the task endpoints ({@code http.TaskEndpoint}).
 * It is its own package so that writer and reader share one codec without either depending on the
 * other; it depends only on {@code app} (the {@code TaskPayload} it carries), {@code job} (its typed
 * {@code InvalidRequestException}, a 400 naming the field) and Jackson.
 */
package dev.veojobs.wire;
