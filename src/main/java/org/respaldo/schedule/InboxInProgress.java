package org.respaldo.schedule;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The inbox consumer's "in progress" set. camel-file adds a file under its raw path but removes
 * it under its normalized path, where a backslash has become a slash; a file called
 * {@code a\b.yaml} that was not settled at the first look then stayed "in progress" for ever
 * and was never read again. Here both are the same key (no two inbox entries can differ only
 * there: a slash is never part of a file name).
 */
public final class InboxInProgress extends ServiceSupport implements IdempotentRepository {

    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    private static String key(String path) {
        return path.replace('\\', '/');
    }

    @Override
    public boolean add(String key) {
        return keys.add(key(key));
    }

    @Override
    public boolean contains(String key) {
        return keys.contains(key(key));
    }

    @Override
    public boolean remove(String key) {
        return keys.remove(key(key));
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        keys.clear();
    }

    int size() {
        return keys.size();
    }
}
