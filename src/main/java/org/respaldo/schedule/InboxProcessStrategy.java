package org.respaldo.schedule;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.strategy.GenericFileProcessStrategySupport;
import org.respaldo.text.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the inbox's file consumer begins and completes a file: it begins once
 * {@link InboxReadLock} says the entry is settled (never waiting), and on completion it moves
 * the entry to {@code inbox/${header.RespaldoArchive}} (set by {@link ScheduleIntake}) — as
 * camel-file's {@code move} does, except that a symbolic link is moved as a link (never
 * followed, even when it points nowhere), an existing file is never replaced, nothing is
 * retried with a sleep, and an entry the intake left for a later look (exchange property
 * {@link #LATER}) is not moved at all. An entry that cannot be moved is reported with one WARN
 * line and not handed over again until it changes.
 */
public final class InboxProcessStrategy extends GenericFileProcessStrategySupport<File> {

    /**
     * Exchange property set by the intake: leave the entry where it is and look at it again
     * after this {@link Duration} (it changed while it was read, or a rejection is to be confirmed).
     */
    public static final String LATER = "RespaldoInboxLater";

    private static final Logger LOG = LoggerFactory.getLogger(InboxProcessStrategy.class);

    private final Inbox inbox;
    private final InboxReadLock lock;
    private final InboxClaims claims;

    public InboxProcessStrategy(Inbox inbox, InboxReadLock lock) {
        this(inbox, lock, null);
    }

    /** With {@code claims} (a cluster's shared inbox): each file is claimed in the database before it is read. */
    public InboxProcessStrategy(Inbox inbox, InboxReadLock lock, InboxClaims claims) {
        this.inbox = inbox;
        this.lock = lock;
        this.claims = claims;
        setExclusiveReadLockStrategy(claims == null ? lock : claims);
    }

    @Override
    public void commit(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint, Exchange exchange,
            GenericFile<File> file) throws Exception {
        operations.releaseRetrievedFileResources(exchange);
        Path entry = file.getFile().toPath();
        InboxEntry look = exchange.getProperty(InboxReadLock.LOOK, InboxEntry.class);
        Duration later = exchange.getProperty(LATER, Duration.class);
        if (later != null) {
            lock.lookAgainAfter(entry, look, later, exchange.getProperty(ScheduleIntake.SUSPECT_SHA, String.class));
            giveBack(exchange);
            return;
        }
        String archive = exchange.getIn().getHeader(ScheduleIntake.ARCHIVE, String.class);
        if (archive == null) {
            LOG.warn("No se sabe adónde mover / no archive path for inbox/{}; it stays in the inbox",
                    Printable.escape(entry.getFileName().toString()));
            lock.stuck(entry, look); // a cluster's claim stays: no other node handles it again
            return;
        }
        try {
            inbox.move(entry, archive);
            lock.forget(entry);
            giveBack(exchange); // only once the file is gone from the inbox
        } catch (IOException | RuntimeException e) {
            lock.stuck(entry, look);
            LOG.warn("No se pudo mover / could not move inbox/{} to inbox/{}: {}. It stays in the inbox and is not read again"
                    + " until it changes; check the folder's permissions.", Printable.escape(entry.getFileName().toString()),
                    Printable.escape(archive), Printable.escape(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    @Override
    public void rollback(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint, Exchange exchange,
            GenericFile<File> file) throws Exception {
        // only when the intake's own error path failed: the entry stays and is looked at again
        operations.releaseRetrievedFileResources(exchange);
        giveBack(exchange);
    }

    private void giveBack(Exchange exchange) {
        if (claims != null) {
            claims.giveBack(exchange);
        }
    }
}
