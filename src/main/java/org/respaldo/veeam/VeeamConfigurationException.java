package org.respaldo.veeam;

/** The Veeam settings are incomplete or wrong; the message names each setting and what to do. */
public class VeeamConfigurationException extends VeeamException {

    public VeeamConfigurationException(String message) {
        super(message);
    }

    public VeeamConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
