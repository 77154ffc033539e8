package org.respaldo.schedule;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.spi.IdempotentRepository;

/**
 * The inbox shared by every node of a cluster: a file the {@link InboxReadLock} found settled is
 * claimed in the database before it is read (camel-sql's orphan-lock-aware JDBC idempotent
 * repository: one row per claim, kept alive by its node, taken over when its node died), so each
 * file is read, registered or rejected, mailed and archived by exactly one node. The claim is
 * given back when the file has been moved away or is left for a later look.
 */
public final class InboxClaims implements GenericFileExclusiveReadLockStrategy<File> {

    private final InboxReadLock lock;
    private final IdempotentRepository claims;

    public InboxClaims(InboxReadLock lock, IdempotentRepository claims) {
        this.lock = lock;
        this.claims = claims;
    }

    /** A file's identity across nodes: its path in the shared folder, its size and modification time. */
    static String key(Path path, InboxEntry look) {
        String id = path.toAbsolutePath().normalize() + "|" + (look == null ? "" : look.size() + "|" + look.modified());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange)
            throws Exception {
        if (!lock.acquireExclusiveReadLock(operations, file, exchange)) {
            return false;
        }
        String key = key(file.getFile().toPath(), exchange.getProperty(InboxReadLock.LOOK, InboxEntry.class));
        try {
            if (!claims.add(key)) {
                return false; // another node has it
            }
        } catch (RuntimeException e) {
            // the database did not answer: the file stays in the inbox and is looked at again at the next poll
            org.slf4j.LoggerFactory.getLogger(InboxClaims.class).warn("El archivo {} no se pudo reservar / inbox file {} could not be"
                    + " claimed in the database: {}. It stays in the inbox and is tried again.",
                    org.respaldo.text.Printable.escape(file.getFileName()), org.respaldo.text.Printable.escape(file.getFileName()),
                    org.respaldo.text.Printable.escape(String.valueOf(e.getMessage())));
            return false;
        }
        InboxEntry seen = exchange.getProperty(InboxReadLock.LOOK, InboxEntry.class);
        InboxEntry now;
        try {
            now = InboxEntry.look(file.getFile().toPath());
        } catch (java.io.IOException e) {
            now = null;
        }
        if (now == null || seen != null && !now.same(seen)) {
            claims.remove(key); // another node handled it between this node's look and its claim
            return false;
        }
        exchange.setProperty(CLAIM, key);
        return true;
    }

    /** Exchange property: the claim this node holds for the file. */
    public static final String CLAIM = "RespaldoInboxClaim";

    /** Gives back the claim this exchange holds, if any (the file has left the inbox, or is left for a later look). */
    public void giveBack(Exchange exchange) {
        String key = exchange.getProperty(CLAIM, String.class);
        exchange.removeProperty(CLAIM);
        if (key != null) {
            claims.remove(key);
        }
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange)
            throws Exception {
        lock.releaseExclusiveReadLockOnCommit(operations, file, exchange);
        giveBack(exchange);
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange)
            throws Exception {
        lock.releaseExclusiveReadLockOnAbort(operations, file, exchange);
        giveBack(exchange);
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange)
            throws Exception {
        lock.releaseExclusiveReadLockOnRollback(operations, file, exchange);
        giveBack(exchange);
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint) throws Exception {
        lock.prepareOnStartup(operations, endpoint);
    }

    @Override
    public void setTimeout(long timeout) {
        lock.setTimeout(timeout);
    }

    @Override
    public void setCheckInterval(long checkInterval) {
        lock.setCheckInterval(checkInterval);
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {
        lock.setReadLockLoggingLevel(readLockLoggingLevel);
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
        lock.setMarkerFiler(markerFile);
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
        lock.setDeleteOrphanLockFiles(deleteOrphanLockFiles);
    }
}
