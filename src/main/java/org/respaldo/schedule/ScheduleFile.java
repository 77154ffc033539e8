package org.respaldo.schedule;

import java.io.IOException;
import java.nio.file.Path;
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
import org.respaldo.text.Printable;

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

    /**
     * The problem that stops a file from being read before its bytes are looked at: an extension
     * that is not a schedule's, or a size over the limit ({@code size} is the file's real size).
     */
    public java.util.Optional<Problem> refusedUnread(String fileName, long size) {
        if (!InboxEntry.scheduleName(fileName)) {
            return java.util.Optional.of(wrongExtension());
        }
        return size > maxBytes ? java.util.Optional.of(tooBig(size)) : java.util.Optional.empty();
    }

    public Parsed parse(String fileName, byte[] bytes) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        boolean isJson = lower.endsWith(".json");
        if (!InboxEntry.scheduleName(fileName)) {
            return failed(wrongExtension());
        }
        if (bytes.length > maxBytes) {
            return failed(tooBig(bytes.length));
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

    private static Problem wrongExtension() {
        return Problem.file("la extensión del archivo no es válida: use .yaml, .yml o .json",
                "the file extension is not accepted: use .yaml, .yml or .json");
    }

    /** A file over the limit, with its real size. */
    Problem tooBig(long size) {
        return Problem.file("el archivo tiene " + size + " bytes; el máximo es " + maxBytes + " (256 KiB)",
                "the file has " + size + " bytes; the maximum is " + maxBytes + " (256 KiB)");
    }

    /** An inbox entry that is not a regular file (it is never opened; a link is never followed). */
    static Problem notAFile(InboxEntry look, Path path) {
        return switch (look.kind()) {
            case LINK -> {
                String target = linkTarget(path);
                boolean dangling = !java.nio.file.Files.exists(path);
                String to = target == null ? "" : " a «" + Printable.escape(target) + "»" + (dangling ? ", que no existe" : "");
                String toEn = target == null ? "" : " to \"" + Printable.escape(target) + "\"" + (dangling ? ", which does not exist" : "");
                yield Problem.file("es un enlace simbólico" + to + ", no un archivo; Respaldo no sigue enlaces: copie el archivo mismo"
                                + " en la bandeja de entrada",
                        "is a symbolic link" + toEn + ", not a file; Respaldo does not follow links: copy the file itself into the inbox");
            }
            case DIRECTORY -> Problem.file("es una carpeta, no un archivo; Respaldo no lee carpetas: deje el archivo de programación"
                            + " directamente en la bandeja de entrada",
                    "is a folder, not a file; Respaldo does not read folders: drop the schedule file into the inbox itself");
            case FIFO -> Problem.file("es una FIFO (tubería con nombre), no un archivo; Respaldo no la abre: copie un archivo en la"
                            + " bandeja de entrada",
                    "is a FIFO (named pipe), not a file; Respaldo does not open it: copy a file into the inbox");
            default -> Problem.file("no es un archivo regular (es un socket o un dispositivo); Respaldo no lo abre",
                    "is not a regular file (it is a socket or a device); Respaldo does not open it");
        };
    }

    private static String linkTarget(Path link) {
        try {
            return java.nio.file.Files.readSymbolicLink(link).toString();
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** A file that kept changing for longer than respaldo.intake.max-settle. */
    static Problem keepsChanging(java.time.Duration changing, java.time.Duration maxSettle) {
        return Problem.file("el archivo siguió cambiando durante " + changing.withNanos(0) + ", más que respaldo.intake.max-settle ("
                        + maxSettle + "); copie el archivo con un nombre temporal oculto (que empiece con «.») y renómbrelo al terminar",
                "the file kept changing for " + changing.withNanos(0) + ", longer than respaldo.intake.max-settle (" + maxSettle
                        + "); copy the file under a temporary hidden name (starting with \".\") and rename it when done");
    }

    /** A file that could not be opened or read (permissions, an I/O error). */
    static Problem unreadable(java.io.IOException e) {
        String error = Printable.escape(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        return Problem.file("no se pudo leer el archivo (" + error + "); revise que Respaldo tenga permiso de lectura",
                "the file could not be read (" + error + "); check that Respaldo may read it");
    }

    private static Parsed failed(Problem p) {
        return new Parsed(null, List.of(p));
    }
}
