package org.respaldo.text;

import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * The one rule for an e-mail address, used wherever Respaldo reads one (a schedule's
 * {@code owner}, {@code notify.director} and {@code notify.technicians}, and
 * {@code respaldo.mail.from} / {@code respaldo.mail.fallback-address}): an address it accepts
 * is one that its mailer sends to and that an SMTP server takes.
 *
 * <p>An address is one plain mailbox {@code local@domain}, as people write it:
 * <ul>
 * <li>at most 254 characters, ASCII only, no spaces or control characters (an address with
 *     accents needs SMTPUTF8, which Respaldo's mail does not use; write such a domain in its
 *     {@code xn--} form);</li>
 * <li>one address only: no list ({@code a@x.com, b@x.com}, {@code a,b@x.com}), no display name
 *     or angle brackets ({@code Director <d@x.com>}), no comment, no quoted local part;</li>
 * <li>the local part: 1–64 letters, digits and {@code ! # $ % & ' * + - / = ? ^ _ ` { | } ~},
 *     with single dots between them (not first, not last, never two in a row);</li>
 * <li>the domain: labels of 1–63 letters, digits and hyphens (not first or last in a label)
 *     joined by single dots, with at least one dot and a last label that has a letter
 *     (so no bare IP address and no {@code [10.0.0.5]} literal). The one domain without a dot
 *     is {@code localhost} (Respaldo's own default sender, {@code respaldo@localhost}, which a
 *     relay on the same machine delivers).</li>
 * </ul>
 * Every address that passes is also parsed by jakarta.mail exactly as the mailer does (strict
 * {@link InternetAddress}, one address, no personal name), so nothing accepted here can be
 * refused when the mail is built.
 *
 * <p>A leaf: it depends on nothing of Respaldo's.
 */
public final class EmailAddress {

    /** What is wrong with an address, in Spanish and English (the value itself is not repeated). */
    public record Reason(String es, String en) {
    }

    static final int MAX_LENGTH = 254;
    static final int MAX_LOCAL = 64;
    private static final String ATEXT = "A-Za-z0-9!#$%&'*+/=?^_`{|}~-";
    private static final Pattern LOCAL = Pattern.compile("[" + ATEXT + "]+(\\.[" + ATEXT + "]+)*");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[A-Za-z].*");

    private EmailAddress() {
    }

    public static boolean valid(String address) {
        return problem(address).isEmpty();
    }

    /** Why the address is refused, or empty when it is one Respaldo sends mail to. */
    public static Optional<Reason> problem(String address) {
        if (address == null) {
            return Optional.of(check(null));
        }
        // the same few addresses come back in every schedule file (the Director, the technicians)
        Optional<Reason> known = SEEN.get(address);
        if (known == null) {
            known = Optional.ofNullable(check(address));
            if (SEEN.size() >= SEEN_MAX) {
                SEEN.clear();
            }
            SEEN.put(address, known);
        }
        return known;
    }

    private static final java.util.Map<String, Optional<Reason>> SEEN = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int SEEN_MAX = 10_000;

    private static Reason check(String a) {
        if (a == null || a.isEmpty()) {
            return new Reason("está vacía", "it is empty");
        }
        if (a.length() > MAX_LENGTH) {
            return new Reason("tiene " + a.length() + " caracteres; el máximo es " + MAX_LENGTH,
                    "it has " + a.length() + " characters; the maximum is " + MAX_LENGTH);
        }
        if (a.indexOf(',') >= 0 || a.indexOf(';') >= 0) {
            return new Reason("contiene más de una dirección (coma o punto y coma); escriba una sola dirección por campo"
                    + " (notify.technicians es una lista: un técnico por elemento)",
                    "it holds more than one address (comma or semicolon); write one address per field"
                    + " (notify.technicians is a list: one technician per item)");
        }
        if (a.indexOf('<') >= 0 || a.indexOf('>') >= 0 || a.indexOf('(') >= 0 || a.indexOf(')') >= 0
                || a.indexOf('"') >= 0) {
            return new Reason("escriba solo la dirección (nombre@dominio), sin nombre, comillas, comentarios ni <>",
                    "write only the address (name@domain), without a display name, quotes, comments or <>");
        }
        if (a.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c))) {
            return new Reason("contiene espacios o caracteres de control", "it contains spaces or control characters");
        }
        if (a.chars().anyMatch(c -> c > 0x7E)) {
            return new Reason("contiene caracteres fuera de ASCII (acentos, ñ…); el correo de Respaldo no usa SMTPUTF8:"
                    + " escriba el dominio en su forma xn--",
                    "it contains non-ASCII characters (accents, ñ…); Respaldo's mail does not use SMTPUTF8:"
                    + " write the domain in its xn-- form");
        }
        int at = a.indexOf('@');
        if (at < 0) {
            return new Reason("le falta la @ y el dominio (nombre@dominio)", "the @ and the domain are missing (name@domain)");
        }
        if (a.indexOf('@', at + 1) >= 0) {
            return new Reason("tiene más de una @", "it has more than one @");
        }
        String local = a.substring(0, at);
        String domain = a.substring(at + 1);
        Reason r = local(local);
        if (r == null) {
            r = domain(domain);
        }
        if (r == null) {
            r = mailer(a);
        }
        return r;
    }

    private static Reason local(String local) {
        if (local.isEmpty()) {
            return new Reason("falta la parte antes de la @", "the part before the @ is missing");
        }
        if (local.length() > MAX_LOCAL) {
            return new Reason("la parte antes de la @ tiene " + local.length() + " caracteres; el máximo es " + MAX_LOCAL,
                    "the part before the @ has " + local.length() + " characters; the maximum is " + MAX_LOCAL);
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return new Reason("la parte antes de la @ no puede empezar ni terminar con punto, ni tener dos puntos seguidos",
                    "the part before the @ must not start or end with a dot, nor have two dots in a row");
        }
        if (!LOCAL.matcher(local).matches()) {
            return new Reason("la parte antes de la @ contiene un carácter no admitido (use letras, dígitos, . _ - +)",
                    "the part before the @ contains a character that is not allowed (use letters, digits, . _ - +)");
        }
        return null;
    }

    private static Reason domain(String domain) {
        if (domain.isEmpty()) {
            return new Reason("falta el dominio después de la @", "the domain after the @ is missing");
        }
        if (domain.startsWith("[")) {
            return new Reason("use un nombre de dominio, no una dirección IP entre corchetes",
                    "use a domain name, not an IP address in brackets");
        }
        if (domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
            return new Reason("el dominio no puede empezar ni terminar con punto, ni tener dos puntos seguidos (una parte vacía)",
                    "the domain must not start or end with a dot, nor have two dots in a row (an empty label)");
        }
        String[] labels = domain.split("\\.");
        for (String label : labels) {
            if (label.length() > 63) {
                return new Reason("la parte «" + label.substring(0, 20) + "…» del dominio tiene más de 63 caracteres",
                        "the domain label \"" + label.substring(0, 20) + "…\" has more than 63 characters");
            }
            if (!LABEL.matcher(label).matches()) {
                return new Reason("la parte «" + label + "» del dominio no es válida: use letras, dígitos y guiones, sin guion al inicio ni al final",
                        "the domain label \"" + label + "\" is not valid: use letters, digits and hyphens, no hyphen first or last");
            }
        }
        if (labels.length == 1 && !domain.equalsIgnoreCase("localhost")) {
            return new Reason("el dominio «" + domain + "» no tiene punto; escriba el dominio completo (por ejemplo " + domain + ".gob.gt)",
                    "the domain \"" + domain + "\" has no dot; write the whole domain (for example " + domain + ".gob.gt)");
        }
        if (labels.length > 1 && !HAS_LETTER.matcher(labels[labels.length - 1]).matches()) {
            return new Reason("use un nombre de dominio, no una dirección IP", "use a domain name, not an IP address");
        }
        return null;
    }

    /** The mailer's own parse (strict, one address, no personal name): a last guarantee. */
    private static Reason mailer(String a) {
        try {
            InternetAddress parsed = new InternetAddress(a, true);
            parsed.validate();
            if (parsed.getPersonal() != null || !a.equals(parsed.getAddress())) {
                return new Reason("el correo no la lee como una sola dirección", "the mailer does not read it as one address");
            }
            return null;
        } catch (AddressException e) {
            return new Reason("el correo la rechaza: " + e.getMessage(), "the mailer refuses it: " + e.getMessage());
        }
    }
}
