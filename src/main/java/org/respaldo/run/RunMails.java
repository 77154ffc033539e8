package org.respaldo.run;

import org.respaldo.notify.Mail;
import org.respaldo.notify.MailComposer;

/** The two mails of a run, composed from its current state (the route sends them). */
public final class RunMails {

    private final MailComposer composer;
    private final RunPipeline pipeline;

    public RunMails(MailComposer composer, RunPipeline pipeline) {
        this.composer = composer;
        this.pipeline = pipeline;
    }

    /** Step 3: the instructions to the technicians; null when the schedule names none. */
    public Mail started(RunContext run) {
        return composer.started(run.schedule(), run.snapshot());
    }

    /** Step 7: the result to the Director and the technicians, with the JSON report attached. */
    public Mail concluded(RunContext run) {
        return composer.concluded(run.schedule(), run.snapshot(), pipeline.nextFire(run), pipeline.report(run));
    }
}
