package org.respaldo.schedule;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.respaldo.text.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox consumer's filter. Files, links and other entries pass (the read lock and the
 * intake decide what they are). A folder never passes (the consumer is recursive only so that
 * folders are shown here): a folder with a schedule file's name ({@code x.yaml}) is moved aside
 * into {@code .rejected/} with a reason, like a rejected file; any other folder is left where it
 * is and reported once, since nothing in it is read. What cannot be moved is reported once.
 */
public final class InboxFilter implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger(InboxFilter.class);
    private static final int REMEMBER = 10_000;

    private final Inbox inbox;
    private final Clock clock;
    /** Folders already reported (name and file key), so that each is reported once, not at every poll. */
    private final Map<String, Boolean> reported = new ConcurrentHashMap<>();

    public InboxFilter(Inbox inbox, Clock clock) {
        this.inbox = inbox;
        this.clock = clock;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        if (!file.isDirectory()) {
            return true;
        }
        try {
            folder(file.getFile().toPath());
        } catch (RuntimeException e) {
            LOG.warn("Carpeta de la bandeja no revisada / inbox folder not checked: {}: {}",
                    Printable.escape(file.getFileNameOnly()), Printable.escape(String.valueOf(e.getMessage())));
        }
        return false;
    }

    private void folder(Path path) {
        String name = path.getFileName().toString();
        InboxEntry look;
        try {
            look = InboxEntry.look(path);
        } catch (NoSuchFileException gone) {
            return;
        } catch (IOException e) {
            once(name, () -> LOG.warn("No se pudo revisar / could not look at inbox/{}: {}", Printable.escape(name),
                    Printable.escape(e.getMessage())));
            return;
        }
        String key = name + "\u0000" + look.fileKey() + "\u0000" + look.kind();
        if (!InboxEntry.scheduleName(name)) {
            once(key, () -> LOG.warn("La carpeta inbox/{} no se lee: deje los archivos de programación directamente en la"
                    + " bandeja / the folder inbox/{} is not read: drop schedule files into the inbox itself",
                    Printable.escape(name), Printable.escape(name)));
            return;
        }
        if (reported.containsKey(key)) {
            return; // could not be moved before, and it is still the same
        }
        Instant now = clock.instant();
        String archive = Inbox.archive(".rejected", now, name);
        List<Problem> problems = List.of(ScheduleFile.notAFile(look, path));
        try {
            inbox.move(path, archive);
        } catch (IOException e) {
            once(key, () -> LOG.warn("Programación rechazada pero no movida / schedule rejected but not moved: inbox/{} ({}) could"
                    + " not be moved to inbox/{}: {}. Move or remove it by hand.", Printable.escape(name), problems.get(0).en(),
                    Printable.escape(archive), Printable.escape(e.getClass().getSimpleName() + ": " + e.getMessage())));
            return;
        }
        String reason = archive + Inbox.REASON_SUFFIX;
        try {
            inbox.writeReason(reason, RejectionReport.text(name, now, problems).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("No se pudo escribir / could not write inbox/{}: {}", Printable.escape(reason), Printable.escape(e.getMessage()));
        }
        LOG.warn("Programación rechazada / schedule rejected: {} (1 problem(s)); reason in inbox/{}", Printable.escape(name),
                Printable.escape(reason));
    }

    private void once(String key, Runnable report) {
        if (reported.size() > REMEMBER) {
            reported.clear();
        }
        if (reported.putIfAbsent(key, Boolean.TRUE) == null) {
            report.run();
        }
    }
}
