package dev.processledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/**
 * Signed digests leave the database, and an auditor with only an export, a digest and the public key catches an
 * insider who rewrites history with every later hash recomputed, deletes the newest events, or reorders events.
 */
@H2Store
@TestPropertySource(properties = {"ledger.audit.digest-settle=0s", "ledger.audit.digest-interval=1h"})
@ExtendWith(OutputCaptureExtension.class)
class AuditDigestTest extends ApiTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Value("${ledger.data-dir}")
    private String dataDir;

    private record Org(String id, String token) {}

    private record Run(int exit, String output) {}

    private Org newOrganization() {
        Api.Response org = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "audited"));
        return new Org(org.text("org_id"), org.text("admin_token"));
    }

    /** A finished process with five events: created, step started, progressed, step completed, completed. */
    private String process(Org org) {
        String id = api.post("/api/v1/processes", org.token(), processBody("audit", "build"))
                .text("process_id");
        for (String update : List.of(
                "{\"type\":\"step_started\",\"step\":\"build\"}",
                "{\"type\":\"progress\",\"step\":\"build\",\"percent\":50}",
                "{\"type\":\"step_completed\",\"step\":\"build\",\"data\":{\"ratio\":0.25}}",
                "{\"type\":\"completed\",\"summary\":\"done\"}")) {
            assertThat(api.post("/api/v1/processes/" + id + "/update", org.token(), update)
                            .status())
                    .isEqualTo(200);
        }
        return id;
    }

    private Path save(String name, String content) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "digest-test"));
        Path file = Files.createTempFile(dir, name, ".txt");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private Path export(Org org) throws Exception {
        return save("export", api.get("/api/v1/audit/export", org.token()).raw().body());
    }

    private static Run verifier(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", "docs/verify-export.py"));
        command.addAll(List.of(arguments));
        Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(run.exitValue(), output);
    }

    @Test
    void aDigestIsSignedAndAnUntouchedExportReproducesIt(CapturedOutput log) throws Exception {
        Org org = newOrganization();
        process(org);
        process(org);

        Api.Response digest = api.get("/api/v1/audit/digest", org.token());
        Api.Response key = api.get("/api/v1/audit/public-key", org.token());

        assertThat(digest.status()).isEqualTo(200);
        assertThat(digest.json().path("org_id").asText()).isEqualTo(org.id());
        assertThat(digest.json().path("size").asLong()).isEqualTo(10);
        assertThat(digest.json().path("algorithm").asText()).isEqualTo("Ed25519");
        assertThat(key.raw().headers().firstValue("X-Key-Id"))
                .hasValue(digest.json().path("key_id").asText());
        Map<String, Object> signed = JSON.convertValue(digest.json(), Map.class);
        signed.remove("signature");
        assertThat(java.security.Signature.getInstance("Ed25519")).satisfies(signature -> {
            signature.initVerify(publicKey(key.raw().body()));
            signature.update(Jcs.write(signed).getBytes(StandardCharsets.UTF_8));
            assertThat(signature.verify(Base64.getDecoder()
                            .decode(digest.json().path("signature").asText())))
                    .as("the signature over the canonical digest")
                    .isTrue();
        });
        Run checked = verifier(
                export(org).toString(),
                "--digest",
                save("digest", digest.raw().body()).toString(),
                "--public-key",
                save("key", key.raw().body()).toString());
        assertThat(checked.exit()).as(checked.output()).isZero();
        assertThat(checked.output())
                .contains("digest: 10 events up to position " + digest.json().path("position"));
        assertThat(log.getAll()).contains("Audit digest {\"algorithm\":\"Ed25519\"");
        assertThat(Files.readString(Path.of(dataDir).resolve("audit-digests.ndjson")))
                .as("the digest file")
                .contains(digest.json().path("signature").asText());
        assertThat(api.get("/api/v1/audit/digest", org.token()).json())
                .as("nothing new: the same digest")
                .isEqualTo(digest.json());
    }

    @Test
    void aProofShowsOneEventIsInTheDigestAndAForgedOneFails() throws Exception {
        Org org = newOrganization();
        process(org);
        String id = process(org);
        Path key = save(
                "key", api.get("/api/v1/audit/public-key", org.token()).raw().body());

        Api.Response proof = api.get("/api/v1/processes/" + id + "/events/3/proof", org.token());

        assertThat(proof.status()).isEqualTo(200);
        assertThat(proof.json().path("leaf_index").asLong()).isEqualTo(8);
        Run checked = verifier("--proof", save("proof", proof.raw().body()).toString(), "--public-key", key.toString());
        assertThat(checked.exit()).as(checked.output()).isZero();
        String forged = proof.raw().body().replace(proof.json().path("hash").asText(), "0".repeat(64));
        assertThat(verifier("--proof", save("forged", forged).toString(), "--public-key", key.toString())
                        .exit())
                .isEqualTo(1);
        assertThat(api.get(
                                "/api/v1/processes/" + id + "/events/3/proof?digest_position="
                                        + proof.json()
                                                .path("digest")
                                                .path("position")
                                                .asLong(),
                                org.token())
                        .json())
                .isEqualTo(proof.json());
        assertProblem(
                api.get("/api/v1/processes/" + id + "/events/99/proof", org.token()),
                404,
                "not-found",
                "Event not found");
    }

    /**
     * Beyond {@value TreeChunks#SIZE} events a proof is built from kept runs of leaves: every leaf, at a run's
     * edges and in the tail, still gets a path to the digest's root, and a run changed afterwards is caught.
     */
    @Test
    void proofsInALedgerOfSeveralRunsLeadToTheDigestsRoot() throws Exception {
        Org org = newOrganization();
        int events = 3 * TreeChunks.SIZE + 531;
        List<String> processes = seedAuditRows(org.id(), events);
        Api.Response digest = api.get("/api/v1/audit/digest", org.token());
        assertThat(digest.json().path("size").asLong()).isEqualTo(events);
        Path key = save(
                "key", api.get("/api/v1/audit/public-key", org.token()).raw().body());
        byte[] root = HexFormat.of().parseHex(digest.text("root"));

        for (int leaf : new int[] {
            0, 1, TreeChunks.SIZE - 1, TreeChunks.SIZE, 2 * TreeChunks.SIZE - 1, 2 * TreeChunks.SIZE, events - 1
        }) {
            Api.Response proof = api.get(
                    "/api/v1/processes/" + processes.get(leaf / 10) + "/events/" + leaf % 10 + "/proof", org.token());
            assertThat(proof.status())
                    .as("leaf %d: %s", leaf, proof.raw().body())
                    .isEqualTo(200);
            assertThat(proof.json().path("leaf_index").asLong()).isEqualTo(leaf);
            List<byte[]> path = new ArrayList<>();
            proof.json().path("path").forEach(hash -> path.add(HexFormat.of().parseHex(hash.asText())));
            assertThat(MerkleTree.rootFromProof(leaf, events, HexFormat.of().parseHex(proof.text("hash")), path))
                    .as("leaf %d", leaf)
                    .isEqualTo(root);
            if (leaf == TreeChunks.SIZE) {
                Run checked = verifier(
                        "--proof", save("proof", proof.raw().body()).toString(), "--public-key", key.toString());
                assertThat(checked.exit()).as(checked.output()).isZero();
            }
        }

        jdbc.update(
                "UPDATE event_audit SET hash = ? WHERE aggregate_identifier = ? AND sequence_number = 4",
                "f".repeat(64),
                processes.get((TreeChunks.SIZE + 100) / 10));
        assertProblem(
                api.get(
                        "/api/v1/processes/" + processes.get((TreeChunks.SIZE + 200) / 10) + "/events/0/proof",
                        org.token()),
                409,
                "ledger-changed",
                null);
    }

    /** Audit rows only (what digests and proofs read), ten per process, an hour old, after every real event. */
    private List<String> seedAuditRows(String orgId, int events) {
        Long last = jdbc.queryForObject("SELECT MAX(global_index) FROM event_audit", Long.class);
        long first = (last == null ? 0 : last) + 1_000_000;
        java.time.OffsetDateTime hourAgo =
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusHours(1);
        List<String> processes = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            if (i % 10 == 0) {
                processes.add(java.util.UUID.randomUUID().toString());
            }
            rows.add(new Object[] {
                processes.get(i / 10),
                i % 10,
                first + i,
                orgId,
                orgId + ".seeded",
                hourAgo,
                AuditRecord.sha256("seeded " + i),
                "{}"
            });
        }
        jdbc.batchUpdate("""
                INSERT INTO event_audit (aggregate_identifier, sequence_number, global_index, org_id, namespace,
                    occurred_at, hash, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        return processes;
    }

    @Test
    void anInsiderWhoRewritesAnEventAndRecomputesEveryLaterHashIsCaughtByAnEarlierDigest() throws Exception {
        Org org = newOrganization();
        String id = process(org);
        process(org);
        Api.Response digest = api.get("/api/v1/audit/digest", org.token());
        Path key = save(
                "key", api.get("/api/v1/audit/public-key", org.token()).raw().body());

        rewriteAndRechain(id, 2, "\"percent\":50", "\"percent\":95");

        assertThat(api.get("/api/v1/processes/" + id + "/verify", org.token())
                        .json()
                        .path("valid")
                        .asBoolean())
                .as("the chain alone no longer shows it")
                .isTrue();
        Run checked = verifier(
                export(org).toString(),
                "--digest",
                save("digest", digest.raw().body()).toString(),
                "--public-key",
                key.toString());
        assertThat(checked.exit()).isEqualTo(1);
        assertThat(checked.output()).contains("do not make the digest's root");
        Api.Response proof = api.get(
                "/api/v1/processes/" + id + "/events/1/proof?digest_position="
                        + digest.json().path("position").asLong(),
                org.token());
        assertProblem(proof, 409, "ledger-changed", null);
    }

    @Test
    void deletingTheNewestEventsIsCaughtByAnEarlierDigest() throws Exception {
        Org org = newOrganization();
        process(org);
        String id = process(org);
        Api.Response digest = api.get("/api/v1/audit/digest", org.token());
        Path key = save(
                "key", api.get("/api/v1/audit/public-key", org.token()).raw().body());

        for (String table : List.of("event_audit", "domain_event_entry")) {
            jdbc.update("DELETE FROM " + table + " WHERE aggregate_identifier = ? AND sequence_number >= 3", id);
        }

        assertThat(api.get("/api/v1/processes/" + id + "/verify", org.token())
                        .json()
                        .path("valid")
                        .asBoolean())
                .as("a shorter chain is still a chain")
                .isTrue();
        Run checked = verifier(
                export(org).toString(),
                "--digest",
                save("digest", digest.raw().body()).toString(),
                "--public-key",
                key.toString());
        assertThat(checked.exit()).isEqualTo(1);
        assertThat(checked.output()).contains("the export holds 8 events up to position", "the digest covers 10");
    }

    @Test
    void reorderingTwoEventsIsCaughtByAnEarlierDigest() throws Exception {
        Org org = newOrganization();
        String first = process(org);
        String second = process(org);
        Api.Response digest = api.get("/api/v1/audit/digest", org.token());
        Path key = save(
                "key", api.get("/api/v1/audit/public-key", org.token()).raw().body());
        long a = position(first, 4);
        long b = position(second, 0);

        swapPositions(a, b);

        Run checked = verifier(
                export(org).toString(),
                "--digest",
                save("digest", digest.raw().body()).toString(),
                "--public-key",
                key.toString());
        assertThat(checked.exit()).isEqualTo(1);
        assertThat(checked.output()).contains("do not make the digest's root");
    }

    private long position(String processId, long sequence) {
        Long position = jdbc.queryForObject(
                "SELECT global_index FROM event_audit WHERE aggregate_identifier = ?" + " AND sequence_number = ?",
                Long.class,
                processId,
                sequence);
        return position == null ? -1 : position;
    }

    /** Moves two events to each other's global positions, in both tables, as an insider could. */
    private void swapPositions(long a, long b) {
        for (String table : List.of("event_audit", "domain_event_entry")) {
            jdbc.update("UPDATE " + table + " SET global_index = -1 WHERE global_index = ?", a);
            jdbc.update("UPDATE " + table + " SET global_index = ? WHERE global_index = ?", a, b);
            jdbc.update("UPDATE " + table + " SET global_index = ? WHERE global_index = -1", b);
        }
    }

    /**
     * What a careful insider does: change an event's record and its event-store payload alike, then give it and
     * every later event of the process a new hash, so the chain checks out again.
     */
    private void rewriteAndRechain(String processId, long sequence, String from, String to) throws Exception {
        byte[] payload = jdbc.queryForObject(
                "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?" + " AND sequence_number = ?",
                byte[].class,
                processId,
                sequence);
        byte[] forged =
                new String(payload, StandardCharsets.UTF_8).replace(from, to).getBytes(StandardCharsets.UTF_8);
        jdbc.update(
                "UPDATE domain_event_entry SET payload = ? WHERE aggregate_identifier = ? AND sequence_number = ?",
                forged,
                processId,
                sequence);
        String previous = jdbc.queryForObject(
                "SELECT hash FROM event_audit WHERE aggregate_identifier = ?" + " AND sequence_number = ?",
                String.class,
                processId,
                sequence - 1);
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT sequence_number, content FROM event_audit"
                        + " WHERE aggregate_identifier = ? AND sequence_number >= ? ORDER BY sequence_number",
                processId,
                sequence);
        for (Map<String, Object> row : rows) {
            Map<String, Object> record = AuditRecord.parse((String) row.get("content"));
            long at = ((Number) row.get("sequence_number")).longValue();
            if (at == sequence) {
                record = AuditRecord.parse(Jcs.write(record).replace(from, to));
                record.put("payload_sha256", AuditRecord.sha256(forged));
            }
            record.put("prev_hash", previous);
            String content = Jcs.write(record);
            String hash = AuditRecord.sha256(content);
            jdbc.update(
                    "UPDATE event_audit SET content = ?, hash = ?, prev_hash = ? WHERE aggregate_identifier = ?"
                            + " AND sequence_number = ?",
                    content,
                    hash,
                    previous,
                    processId,
                    at);
            previous = hash;
        }
    }

    private static PublicKey publicKey(String pem) throws Exception {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
