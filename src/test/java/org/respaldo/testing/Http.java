package org.respaldo.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A plain HTTP client for the Respaldo API in tests. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The tests' console user (role director), sent as HTTP Basic with every request: a process started by
     * {@link AppProcess} (prod) has it in its users file; an in-process app without a login source ignores it.
     */
    public static final String USER = "respaldo-test";
    public static final String PASSWORD = "respaldo-test";
    private static final String AUTHORIZATION = "Basic " + java.util.Base64.getEncoder().encodeToString(
            (USER + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    private static String usersLine;

    public record Answer(int status, String contentType, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private Http() {
    }

    /** A users file with the tests' user in this folder (made once, its bcrypt hash computed once per JVM). */
    public static synchronized java.nio.file.Path usersFile(java.nio.file.Path dir) {
        if (usersLine == null) {
            usersLine = USER + ":director:" + org.respaldo.auth.Passwords.hash(PASSWORD) + "\n";
        }
        try {
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Path file = dir.resolve("respaldo-test-users");
            java.nio.file.Files.writeString(file, usersLine);
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Answer get(String url) {
        return send("GET", url);
    }

    /** Any method, with an empty body. */
    public static Answer send(String method, String url) {
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", AUTHORIZATION).method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
