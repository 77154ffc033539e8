/**
 * The Veeam Backup &amp; Replication REST client (VBR REST API, revisions 1.2-rev1 to 1.3-rev2), for
 * VMware vSphere jobs (every revision), Hyper-V and Veeam Agent jobs (1.3-rev0 on; {@link
 * org.respaldo.veeam.JobCapabilities} says what each type can do on each revision).
 *
 * <p>Entry point: the {@code veeamServers} bean ({@link org.respaldo.veeam.VeeamServers}), bound by
 * {@link org.respaldo.veeam.VeeamConfiguration}. {@code servers.client(alias)} (or {@code client()} for
 * the first configured server) returns the shared, thread-safe {@link org.respaldo.veeam.VeeamClient}
 * of a server. A backup run typically does:
 *
 * <pre>{@code
 * VeeamClient veeam = servers.client(alias);
 * JobResolution jobs = veeam.resolveJobs(List.of("BD-*", "FS-Expedientes"));   // unmatched() for errors
 * RepositoryState repo = veeam.repository("Repositorio-CD-Local").orElseThrow(); // online(), freeGB(), path()
 * StartOutcome outcome = veeam.start(job.id(), false);
 * if (outcome instanceof StartOutcome.Started started) {
 *     Session first = started.session();
 *     PollResult r = veeam.awaitStopped(first.id(), first, windowEnd, listener);
 *     if (!r.completed()) { veeam.stop(job.id(), true); }                        // TIMED_OUT
 *     veeam.notableLogRecords(first.id());                                        // Warning / Failed lines
 *     veeam.restorePointsCreatedAfter(job.id(), first.creationTime());
 *     SessionReport report = veeam.sessionReport(first.id());                      // per object: bytes, restore point
 *     report.newRestorePointsForEveryObject();                                     // else objectsWithoutRestorePoint()
 * } // else StartOutcome.NothingToProcess: 1.3-rev2's 204, no session
 * // failed job: veeam.supports(job, JobOperation.RETRY) ? veeam.retry(job) : veeam.start(job, false)
 * // veeam.support(job, op) says why not (job, type, operation, API revision); start/retry/stop with a VeeamJob
 * // throw VeeamUnsupportedOperationException before sending anything the type cannot do
 * }</pre>
 *
 * <p>Errors are {@link org.respaldo.veeam.VeeamException}s whose messages say what to do:
 * {@link org.respaldo.veeam.VeeamConfigurationException} (settings),
 * {@link org.respaldo.veeam.VeeamTlsException} (certificate not trusted; shows the thumbprint to pin),
 * {@link org.respaldo.veeam.VeeamAuthenticationException} (login refused),
 * {@link org.respaldo.veeam.VeeamUnavailableException} (unreachable or failing after the retries),
 * {@link org.respaldo.veeam.VeeamApiException} (the server refused a request, e.g. 400 for a job already
 * running; {@code status()}, {@code errorCode()}),
 * {@link org.respaldo.veeam.VeeamUnsupportedOperationException} (the job's type cannot do that on this
 * revision; nothing was sent).
 *
 * <p>This package knows nothing of schedules, mail or Quartz.
 */
package org.respaldo.veeam;
