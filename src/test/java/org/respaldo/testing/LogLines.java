package org.respaldo.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** The log lines the application writes while a test runs (level, logger, message), as an operator reads them. */
public final class LogLines implements AutoCloseable {

    private static final AtomicInteger COUNT = new AtomicInteger();

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final String name = "test-capture-" + COUNT.incrementAndGet();
    private final AbstractAppender appender;

    private LogLines() {
        appender = new AbstractAppender(name, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " " + event.getLoggerName() + " - " + event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().addAppender(appender, null, null);
        ctx.updateLoggers();
    }

    /** Starts capturing every line that reaches the root logger. */
    public static LogLines capture() {
        return new LogLines();
    }

    /** The captured lines that contain every one of {@code texts}. */
    public List<String> containing(String... texts) {
        return lines.stream().filter(l -> java.util.Arrays.stream(texts).allMatch(l::contains)).toList();
    }

    public List<String> all() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender(name);
        ctx.updateLoggers();
        appender.stop();
    }
}
