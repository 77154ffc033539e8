package org.respaldo.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Validates recorded VBR REST exchanges against Veeam's own OpenAPI document of the revision
 * that was used ({@code src/test/resources/openapi/vbr-openapi-<revision>.json}).
 *
 * <p>Each document is parsed once per JVM (they are 1–4 MB) and the validator is cached.
 *
 * <p>One narrow workaround is applied to the documents in memory, never to the files: the
 * validator rejects a whole document as "Invalid JSON Schema" when a {@code discriminator}
 * names a property that one of its {@code oneOf} branches does not declare itself (inheriting
 * it through {@code allOf} is not enough for it). Veeam's documents have such a case
 * ({@code AgentBackupPolicyDestinationModel}, discriminator {@code destinationType}, whose
 * branch schemas inherit the property through {@code allOf}); it also insists that the branch
 * lists the property as required. For the branches of a discriminated {@code oneOf} only, the
 * parent's property definition is copied into the branch and the property added to the
 * branch's {@code required} list. The parent already requires the property, so the set of
 * valid documents does not change.
 *
 * <p>Second, the branches refer back to their parent through {@code allOf} (e.g.
 * {@code JobModel.oneOf -> BackupJobModel.allOf -> JobModel}), which the validator reports as
 * a "validation loop". As VeeamHub's Go SDK does, each such back-reference is pointed at a copy
 * of the parent without its {@code oneOf}/{@code discriminator} ({@code <Parent>__Base}), which
 * carries the same properties and required list.
 *
 * <p>Third, the {@code oneOf} of such a discriminated parent is dropped and the
 * {@code discriminator} alone selects the branch: the validator checks the branch named by the
 * discriminator value (its required fields, enums, formats) and reports a value that names no
 * branch. Without this, with extra properties allowed (see below) a VMware object also
 * satisfies the Hyper-V and Cloud Director branches, so "exactly one" can never hold, and
 * trying all 18 job branches for every job of a 200-job page takes tens of seconds.
 *
 * <p>Fourth, {@code ELoginGrantType} also lists the lower-case spelling of each value. The
 * 1.3-rev1/rev2 documents capitalise it ({@code Password}), yet Veeam's own 1.3 examples send
 * {@code grant_type=password} and the server accepts both (see API-NOTES.md §3.1); Respaldo
 * sends lower case. Nothing else is touched.
 *
 * <p>Unknown extra properties are allowed ({@code validation.schema.additionalProperties} is
 * ignored): the validator would otherwise inject {@code additionalProperties: false} into every
 * part of an {@code allOf}, which rejects every polymorphic model; Veeam itself adds fields
 * that are not in its schemas (e.g. {@code username} in the token response), so clients must
 * tolerate them anyway.
 *
 * <p>Fifth, a validator is used until it breaks: after some hundreds of validations of Veeam's
 * polymorphic models (jobs of several types, inventory objects) the validator's internal schema
 * cache can end up holding a cyclic schema tree, and the next validation that meets it overflows
 * the stack computing its hash code (which exchanges lead there depends on their order, not on one
 * of them: a fresh validator validates the same exchange without trouble). When that happens the
 * revision's validator is built again from the document and the exchange validated once more.
 *
 * <p>Security is not checked here (the simulator's own tests cover 401s); everything else
 * — status codes, required fields, enum values, formats — is, and so are query parameters a path
 * does not document (the validator ignores them by default): e.g. {@code skip}/{@code limit} on
 * {@code /sessions/{id}/taskSessions}, which documents them only from 1.3-rev1.
 */
public final class OpenApiContract {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();

    private OpenApiContract() {
    }

    /** A validation result; {@link #ok()} is true when the exchange matches the document. */
    public record Result(String revision, String method, String path, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }

        /** One line per problem, prefixed with what was validated; empty when valid. */
        public String describe() {
            if (ok()) {
                return "";
            }
            return method + " " + path + " (x-api-version " + revision + "):\n  - "
                    + String.join("\n  - ", problems);
        }
    }

    /**
     * Validates a response.
     *
     * @param revision    {@code x-api-version} value used for the request, e.g. {@code 1.3-rev1}
     * @param method      HTTP method of the request
     * @param path        request path without query, e.g. {@code /api/v1/sessions/<id>}
     * @param status      HTTP status of the response
     * @param contentType response content type, or null when there is no body
     * @param body        response body, or null/empty
     */
    public static Result validateResponse(String revision, String method, String path, int status,
                                          String contentType, String body) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        if (body != null && !body.isEmpty()) {
            response.withBody(body);
            response.withContentType(contentType == null ? "application/json" : contentType);
        }
        SimpleResponse built = response.build();
        ValidationReport report = validate(revision, v -> v.validateResponse(path, Request.Method.valueOf(method), built));
        return result(revision, method, path, report);
    }

    /**
     * Validates a request.
     *
     * @param query   query parameters (each with all its values)
     * @param headers request headers (each with all its values); put the real {@code x-api-version} here
     */
    public static Result validateRequest(String revision, String method, String path,
                                         Map<String, List<String>> query, Map<String, List<String>> headers,
                                         String contentType, String body) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, path);
        query.forEach(request::withQueryParam);
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("content-type")) {
                request.withHeader(name, values);
            }
        });
        if (body != null && !body.isEmpty()) {
            request.withBody(body);
        }
        if (contentType != null) {
            request.withContentType(contentType);
        }
        Request built = request.build();
        ValidationReport report = validate(revision, v -> v.validateRequest(built));
        return result(revision, method, path, report);
    }

    /** Runs one validation; a validator whose schema cache went cyclic is replaced (see the class comment). */
    private static ValidationReport validate(String revision,
                                             java.util.function.Function<OpenApiInteractionValidator, ValidationReport> work) {
        OpenApiInteractionValidator validator = validator(revision);
        try {
            return work.apply(validator);
        } catch (Error e) {
            if (!overflow(e)) {
                throw e;
            }
            VALIDATORS.remove(revision, validator);
            return work.apply(validator(revision));
        }
    }

    private static boolean overflow(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StackOverflowError) {
                return true;
            }
        }
        return false;
    }

    private static Result result(String revision, String method, String path, ValidationReport report) {
        List<String> problems = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(OpenApiContract::describe)
                .collect(Collectors.toList());
        return new Result(revision, method, path, problems);
    }

    private static String describe(ValidationReport.Message message) {
        String parameter = message.getContext().flatMap(ValidationReport.MessageContext::getParameter)
                .map(p -> " (" + p.getIn() + " parameter '" + p.getName() + "')").orElse("");
        StringBuilder text = new StringBuilder("[" + message.getKey() + "] " + message.getMessage() + parameter);
        appendNested(text, message.getNestedMessages(), "\n      ");
        return text.toString();
    }

    private static void appendNested(StringBuilder text, List<ValidationReport.Message> nested, String indent) {
        for (ValidationReport.Message inner : nested) {
            text.append(indent).append(inner.getMessage());
            appendNested(text, inner.getNestedMessages(), indent + "  ");
        }
    }

    /**
     * Validates the request of an exchange the simulator recorded
     * ({@code VeeamSimulator.admin().exchanges()}), against the document of the revision the
     * request named in {@code x-api-version}. Masked values (Authorization, password) do not
     * matter: security is not checked and masked form values are still strings.
     */
    public static Result validateRequest(org.respaldo.sim.RecordedExchange exchange) {
        org.respaldo.sim.RecordedRequest r = exchange.request();
        return validateRequest(revisionOf(r), r.method(), r.path(), queryOf(r.query()), r.headers(),
                exchange.requestContentType(), exchange.requestBody());
    }

    /** Validates the response of a recorded exchange (see {@link #validateRequest(org.respaldo.sim.RecordedExchange)}). */
    public static Result validateResponse(org.respaldo.sim.RecordedExchange exchange) {
        org.respaldo.sim.RecordedRequest r = exchange.request();
        return validateResponse(revisionOf(r), r.method(), r.path(), r.status(), exchange.responseContentType(),
                exchange.responseBody());
    }

    private static String revisionOf(org.respaldo.sim.RecordedRequest r) {
        if (r.apiVersion() == null) {
            throw new IllegalArgumentException(r.method() + " " + r.path() + " was sent without x-api-version; "
                    + "there is no document to validate it against");
        }
        return r.apiVersion().trim();
    }

    private static Map<String, List<String>> queryOf(String rawQuery) {
        Map<String, List<String>> query = new java.util.LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return query;
    }

    /** The cached validator for a revision; fails with a clear message when no document is shipped for it. */
    static OpenApiInteractionValidator validator(String revision) {
        return VALIDATORS.computeIfAbsent(revision, OpenApiContract::load);
    }

    private static OpenApiInteractionValidator load(String revision) {
        String resource = "/openapi/vbr-openapi-" + revision + ".json";
        try (InputStream in = OpenApiContract.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No OpenAPI document for x-api-version '" + revision
                        + "': expected test resource " + resource + " (copy it from shared/veeam, see openapi/README.md)");
            }
            ObjectNode document = (ObjectNode) MAPPER.readTree(in);
            untangleDiscriminatedOneOfs(document);
            acceptLowerCaseGrantTypes(document);
            return OpenApiInteractionValidator
                    .createForInlineApiSpecification(MAPPER.writeValueAsString(document))
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                            .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
                            .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.ERROR)
                            .build())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    /** The narrow workaround described in the class comment. */
    static void untangleDiscriminatedOneOfs(ObjectNode document) {
        JsonNode schemas = document.path("components").path("schemas");
        if (!(schemas instanceof ObjectNode all)) {
            return;
        }
        Map<String, JsonNode> bases = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String parentName = entry.getKey();
            JsonNode parent = entry.getValue();
            String property = parent.path("discriminator").path("propertyName").asText(null);
            JsonNode definition = parent.path("properties").get(property == null ? "" : property);
            if (property == null || definition == null || !(parent.get("oneOf") instanceof ArrayNode branches)) {
                continue;
            }
            String baseName = parentName + "__Base";
            ObjectNode base = ((ObjectNode) parent).deepCopy();
            base.remove("oneOf");
            base.remove("discriminator");
            bases.put(baseName, base);
            ((ObjectNode) parent).remove("oneOf");
            for (JsonNode branchRef : branches) {
                String ref = branchRef.path("$ref").asText("");
                JsonNode branch = all.get(ref.substring(ref.lastIndexOf('/') + 1));
                if (branch instanceof ObjectNode branchSchema) {
                    for (JsonNode part : branchSchema.path("allOf")) {
                        if (part instanceof ObjectNode partRef
                                && partRef.path("$ref").asText("").equals("#/components/schemas/" + parentName)) {
                            partRef.put("$ref", "#/components/schemas/" + baseName);
                        }
                    }
                    if (!declares(all, branchSchema, property)) {
                        ObjectNode properties = branchSchema.has("properties")
                                ? (ObjectNode) branchSchema.get("properties") : branchSchema.putObject("properties");
                        properties.set(property, definition.deepCopy());
                    }
                    ArrayNode required = branchSchema.get("required") instanceof ArrayNode list
                            ? list : branchSchema.putArray("required");
                    boolean listed = false;
                    for (JsonNode name : required) {
                        listed |= name.asText().equals(property);
                    }
                    if (!listed) {
                        required.add(property);
                    }
                }
            }
        }
        all.setAll(bases);
    }

    /** The fourth adjustment described in the class comment. */
    static void acceptLowerCaseGrantTypes(ObjectNode document) {
        JsonNode values = document.path("components").path("schemas").path("ELoginGrantType").path("enum");
        if (values instanceof ArrayNode list) {
            java.util.Set<String> present = new java.util.LinkedHashSet<>();
            list.forEach(v -> present.add(v.asText()));
            for (String value : List.copyOf(present)) {
                String lower = value.toLowerCase(java.util.Locale.ROOT);
                if (present.add(lower)) {
                    list.add(lower);
                }
            }
        }
    }

    private static boolean declares(ObjectNode schemas, JsonNode schema, String property) {
        // the validator looks only at the branch's own properties, not at what it inherits via allOf
        return schema.path("properties").has(property);
    }
}
