package org.respaldo.veeam;

import java.util.List;

/** The Veeam settings are incomplete or wrong; the message names each setting and what to do. */
public class VeeamConfigurationException extends VeeamException {

    private final List<String> problems;

    public VeeamConfigurationException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    public VeeamConfigurationException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** One server's problems, one per setting (the message lists them all under the server's name). */
    public VeeamConfigurationException(String alias, List<String> problems) {
        super(message(alias, problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem on its own, one per setting. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String alias, List<String> problems) {
        StringBuilder sb = new StringBuilder("Veeam server '" + alias + "' is not configured completely:");
        problems.forEach(p -> sb.append(System.lineSeparator()).append("  - ").append(p));
        return sb.toString();
    }
}
