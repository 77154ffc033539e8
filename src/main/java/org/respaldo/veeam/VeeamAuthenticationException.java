package org.respaldo.veeam;

/** The server refused Respaldo's credentials (password grant answered 400/401/403). */
public class VeeamAuthenticationException extends VeeamException {

    public VeeamAuthenticationException(String message) {
        super(message);
    }
}
