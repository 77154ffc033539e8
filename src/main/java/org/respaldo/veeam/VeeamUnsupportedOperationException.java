package org.respaldo.veeam;

/**
 * A job was asked to do something its type cannot do on the server's API revision (for example a retry on
 * 1.2-rev1, or any operation on a Veeam Agent job through a revision without agent jobs). Thrown before
 * anything is sent; {@link #support()} says which job, type, operation and revision, and why.
 */
public class VeeamUnsupportedOperationException extends VeeamException {

    private final transient JobSupport support;

    public VeeamUnsupportedOperationException(String serverAlias, JobSupport support, String advice) {
        super(support.describe(serverAlias) + (advice == null || advice.isEmpty() ? "" : "; " + advice));
        this.support = support;
    }

    public JobSupport support() {
        return support;
    }
}
