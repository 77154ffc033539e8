/**
 * The Veeam Backup &amp; Replication REST simulator: a product part used by the {@code demo}
 * profile, by tests and by the benchmark, and runnable alone
 * ({@code java -jar respaldo.jar simulator [--port N] [--inventory FILE] [--data-dir DIR] [--time-scale X] [--certificate-days N]}).
 *
 * <h2>Entry points</h2>
 * {@link org.respaldo.sim.VeeamSimulator#start(SimulatorOptions)} (embedded),
 * {@link org.respaldo.sim.DemoSimulator#startForDemo(java.nio.file.Path)} (demo profile),
 * {@link org.respaldo.sim.SimulatorCommand} (command line), {@link org.respaldo.sim.SimulatorAdmin}
 * (in-process control) and the {@code /admin} HTTP surface ({@code AdminHandler}).
 *
 * <h2>Conditions a test can set up</h2>
 * <ul>
 *   <li>A certificate about to expire: {@link org.respaldo.sim.SimulatorOptions#withCertificateValidity(java.time.Duration)}
 *       (command line {@code --certificate-days N}) generates a certificate valid until that long from now (a stored one
 *       is reused only when it ends within a day of that). Both the TLS handshake and {@code GET /serverCertificate}
 *       ({@code validBy}) show it.</li>
 *   <li>A repository filling up: {@code POST /admin/repositories/{name}} with {@code {"freeGB": 5.0}} or
 *       {@code {"freePercent": 5}} (of its capacity), or {@link org.respaldo.sim.SimulatorAdmin#setRepository};
 *       {@code {"online": false}} takes it offline.</li>
 * </ul>
 *
 * <h2>Behaviour the VBR documents leave open, and what the simulator does</h2>
 * <ul>
 *   <li>Starting a job that is running: 400, {@code errorCode} UnexpectedContent, {@code resourceId}
 *       = the running session. Stopping a job that is not running, or starting a disabled job: 400.</li>
 *   <li>{@code POST /jobs/{id}/retry} on a revision before 1.3: 404 NotFound (the path does not exist
 *       there). On 1.3: 400 unless the job's last session failed; the retry session is named
 *       {@code <job> (Retry N)} and ends with the behaviour's {@code retryOutcome}.</li>
 *   <li>A stopped session ends {@code Stopped} with {@code result} Failed, {@code isCanceled} true,
 *       message "Job has been stopped by user."; a graceful stop passes through {@code Stopping} for
 *       at most 30 simulated seconds. No restore points are created for a stopped session.</li>
 *   <li>Refused, reused or unknown refresh tokens and wrong passwords: 401 AccessDenied. Missing or
 *       revoked bearer: 401 AccessDenied; expired bearer: 401 ExpiredToken. A token request that is
 *       not form-encoded: 400 UnexpectedContent.</li>
 *   <li>Missing or unsupported {@code x-api-version}: 400 NotImplemented naming the accepted
 *       versions, on every {@code /api} path, checked before authentication.</li>
 *   <li>Bad query parameters (not a UUID, not a date, negative skip/limit): 400 InvalidURI.</li>
 *   <li>{@code /serverCertificate} reports the SHA-1 thumbprint (what Windows and VBR show);
 *       {@link org.respaldo.sim.VeeamSimulator#certificateSha256()} gives the SHA-256 one for pinning.</li>
 *   <li>Timestamps are wall-clock time in the inventory's time zone; the time scale only shortens
 *       durations, so {@code createdAfterFilter} with the client's own clock works.</li>
 *   <li>Jobs are VMware vSphere backup jobs ({@code Backup} up to 1.2, {@code VSphereBackup} from 1.3):
 *       the only job type every simulated revision can manage through REST.</li>
 *   <li>The first successful run writes 45% of the objects' size (a full), later ones 6%
 *       (increments), unless the behaviour sets {@code writtenGB}; too little free space or an
 *       offline repository fails the session.</li>
 * </ul>
 */
package org.respaldo.sim;
