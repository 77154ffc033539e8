package org.respaldo.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.stream.Stream;

import jakarta.mail.internet.InternetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    static final String[] ACCEPTED = {
        "director@mineco.gob.gt", "director.ti@mineduc.gob.gt", "tecnico+respaldo@mineco.gob.gt",
        "o'brien@example.com", "a_b-c@sub-domain.example.org", "x@a.io", "respaldo@localhost", "RESPALDO@LOCALHOST",
        "mesa.ti@xn--mineconoma-j9a.gt", "a!#$%&*/=?^`{|}~@example.com", "1234@example.com", "a@123.example.com",
    };

    @ParameterizedTest
    @MethodSource("accepted")
    void acceptedAddressesAreOnesTheMailerSendsTo(String address) {
        assertThat(EmailAddress.problem(address)).isEmpty();
        assertThat(EmailAddress.valid(address)).isTrue();
        // the mailer (MimeMail) builds recipients exactly so
        assertThatCode(() -> {
            InternetAddress a = new InternetAddress(address, true);
            a.validate();
            assertThat(a.getAddress()).isEqualTo(address);
            assertThat(a.getPersonal()).isNull();
        }).doesNotThrowAnyException();
    }

    static Stream<String> accepted() {
        return Stream.of(ACCEPTED);
    }

    /** What the mailer refuses (strict InternetAddress), and what it lets through that SMTP servers refuse. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        // refused by jakarta.mail's strict parse
        "a@x..com                          | two dots in a row",
        "a,b@x.com                         | more than one address",
        "a@x.com,b@x.com                   | more than one address",
        "a@x.com; b@x.com                  | more than one address",
        "a..b@x.com                        | two dots in a row",
        ".a@x.com                          | must not start or end with a dot",
        "a.@x.com                          | must not start or end with a dot",
        "a@.x.com                          | must not start or end with a dot",
        "a@x.com.                          | must not start or end with a dot",
        "a b@x.com                         | spaces",
        "a@x_y.com                         | is not valid",
        "a@@x.com                          | more than one @",
        "a@x@y.com                         | more than one @",
        "director-sin-arroba               | the @ and the domain are missing",
        "@x.com                            | the part before the @ is missing",
        "a@                                | the domain after the @ is missing",
        // let through by jakarta.mail, refused here (an SMTP server or DNS would refuse them)
        "Director TI <director@x.com>      | without a display name",
        "<director@x.com>                  | without a display name",
        "director@x.com (TI)               | without a display name",
        "'\"a b\"@x.com'                   | without a display name",
        "group: a@x.com;                   | more than one address",
        "a@x                               | has no dot",
        "operaciones.ti@mineco             | has no dot",
        "a@-x.com                          | no hyphen first or last",
        "a@x-.com                          | no hyphen first or last",
        "a@1.2.3.4                         | not an IP address",
        "a@x.123                           | not an IP address",
        "a@[10.0.0.5]                      | not an IP address in brackets",
        "a\\b@x.com                        | not allowed",
        "ñandú@x.com                       | non-ASCII",
        "a@ministerio-economía.gob.gt      | xn-- form",
    })
    void refusedAddressesSayWhy(String address, String english) {
        assertThat(EmailAddress.valid(address)).as(address).isFalse();
        EmailAddress.Reason r = EmailAddress.problem(address).orElseThrow();
        assertThat(r.en()).contains(english);
        assertThat(r.es()).isNotBlank().isNotEqualTo(r.en());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@x.com\n", "a@x.com\r\nBcc: everyone@x.com", "\ta@x.com", " a@x.com", "a@x.com "})
    void controlCharactersAndSurroundingSpacesAreRefused(String address) {
        assertThat(EmailAddress.problem(address)).get().extracting(EmailAddress.Reason::en).asString()
                .contains("spaces or control characters");
    }

    @Test
    void lengthLimits() {
        String local64 = "a".repeat(64);
        assertThat(EmailAddress.valid(local64 + "@x.com")).isTrue();
        assertThat(EmailAddress.problem("a".repeat(65) + "@x.com")).get().extracting(EmailAddress.Reason::en).asString()
                .contains("has 65 characters; the maximum is 64");
        String label63 = "b".repeat(63);
        assertThat(EmailAddress.valid("a@" + label63 + ".com")).isTrue();
        assertThat(EmailAddress.problem("a@" + "b".repeat(64) + ".com")).get().extracting(EmailAddress.Reason::en).asString()
                .contains("more than 63 characters");
        String long255 = "a@" + (label63 + ".").repeat(3) + "c".repeat(255 - 2 - 64 * 3) ;
        assertThat(long255).hasSize(255);
        assertThat(EmailAddress.problem(long255)).get().extracting(EmailAddress.Reason::en).asString()
                .contains("the maximum is 254");
        assertThat(EmailAddress.problem(null)).get().extracting(EmailAddress.Reason::en).isEqualTo("it is empty");
        assertThat(EmailAddress.problem("")).get().extracting(EmailAddress.Reason::en).isEqualTo("it is empty");
    }
}
