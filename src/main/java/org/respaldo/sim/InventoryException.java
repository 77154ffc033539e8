package org.respaldo.sim;

import java.io.IOException;

/** An inventory file that cannot be used; the message names the file, the field and what to write instead. */
public final class InventoryException extends IOException {

    public InventoryException(String message) {
        super(message);
    }

    public InventoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
