package org.respaldo.schedule;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Turns the bytes of a dropped schedule file into a JSON tree: checks the extension and the
 * size, and reports syntax errors (including duplicate keys) with line and column.
 */
public final class ScheduleFile {

    public static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

    private final ObjectMapper yaml;
    private final ObjectMapper json;
    private final long maxBytes;

    public ScheduleFile(long maxBytes) {
        this.maxBytes = maxBytes;
        this.yaml = new ObjectMapper(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
        this.json = new ObjectMapper(JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    }

    /** The tree, or the problems that stop the file from being read at all. */
    public record Parsed(JsonNode tree, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public Parsed parse(String fileName, byte[] bytes) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        boolean isJson = lower.endsWith(".json");
        if (!isJson && !lower.endsWith(".yaml") && !lower.endsWith(".yml")) {
            return failed(Problem.file(
                    "la extensión del archivo no es válida: use .yaml, .yml o .json",
                    "the file extension is not accepted: use .yaml, .yml or .json"));
        }
        if (bytes.length > maxBytes) {
            return failed(Problem.file(
                    "el archivo tiene " + bytes.length + " bytes; el máximo es " + maxBytes + " (256 KiB)",
                    "the file has " + bytes.length + " bytes; the maximum is " + maxBytes + " (256 KiB)"));
        }
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return failed(Problem.file("el archivo está vacío", "the file is empty"));
        }
        Problem encoding = notUtf8(bytes);
        if (encoding != null) {
            return failed(encoding);
        }
        ObjectMapper mapper = isJson ? json : yaml;
        try (JsonParser parser = mapper.getFactory().createParser(bytes)) {
            JsonNode tree = mapper.readTree(parser);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return failed(Problem.file("el archivo está vacío", "the file is empty"));
            }
            JsonToken after = parser.nextToken();
            if (after != null) {
                JsonLocation at = parser.currentTokenLocation();
                return failed(Problem.syntax(at.getLineNr(), at.getColumnNr(),
                        "hay contenido después de la programación; un archivo contiene una sola programación",
                        "there is content after the schedule; a file holds exactly one schedule"));
            }
            if (!tree.isObject()) {
                return failed(Problem.file(
                        "la programación debe ser un objeto con campos (version, id, title, …)",
                        "the schedule must be an object with fields (version, id, title, …)"));
            }
            return new Parsed(tree, List.of());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String detail = e.getOriginalMessage();
            int line = at == null ? 0 : at.getLineNr();
            int column = at == null ? 0 : at.getColumnNr();
            if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked
                    && marked.getProblemMark() != null) {
                // Jackson reports where its own parser stood (often the line before); SnakeYAML's
                // problem mark (0-based) is where the error really is, and its problem text says what.
                line = marked.getProblemMark().getLine() + 1;
                column = marked.getProblemMark().getColumn() + 1;
                detail = marked.getProblem() + (marked.getContext() == null ? "" : " (" + marked.getContext() + ")");
            }
            if (detail != null && detail.startsWith("Duplicate field")) {
                return failed(Problem.syntax(line, column,
                        "clave duplicada: " + detail.substring("Duplicate field".length()).trim(),
                        "duplicate key: " + detail.substring("Duplicate field".length()).trim()));
            }
            return failed(Problem.syntax(line, column, "error de sintaxis: " + firstLine(detail),
                    "syntax error: " + firstLine(detail)));
        } catch (IOException e) {
            return failed(Problem.file("no se pudo leer el archivo: " + e.getMessage(),
                    "the file could not be read: " + e.getMessage()));
        }
    }

    /**
     * A file saved as ANSI/Windows-1252 or UTF-16 (common on Windows) is not UTF-8: say so, and
     * where, instead of the parser's "CharConversionException" at line 1.
     */
    static Problem notUtf8(byte[] bytes) {
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            return null;
        }
        out.flip();
        int line = 1;
        int column = 1;
        for (int i = 0; i < out.length(); i++) {
            if (out.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        String at = String.format("0x%02X", bytes[in.position()] & 0xFF);
        return Problem.syntax(line, column,
                "el archivo no está codificado en UTF-8 (byte " + at + "); guárdelo como UTF-8",
                "the file is not encoded in UTF-8 (byte " + at + "); save it as UTF-8");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    private static Parsed failed(Problem p) {
        return new Parsed(null, List.of(p));
    }
}
