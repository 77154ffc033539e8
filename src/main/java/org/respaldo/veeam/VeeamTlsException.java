package org.respaldo.veeam;

/**
 * The server's certificate is not trusted. The message shows the certificate's thumbprint (when it
 * could be read) and the setting that pins it.
 */
public class VeeamTlsException extends VeeamException {

    public VeeamTlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
