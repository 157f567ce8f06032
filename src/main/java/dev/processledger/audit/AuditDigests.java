package dev.processledger.audit;

import dev.processledger.platform.DbTime;
import dev.processledger.security.CredentialRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Digests of each organization's ledger ({@link Digest}): computed incrementally from the last one (its Merkle
 * frontier is kept beside it), signed, stored, and published outside the database, to the log and to the digest
 * file, so an insider who rewrites the database cannot also rewrite what was published. Owns {@code audit_digest}.
 */
@Component
class AuditDigests {

    private static final Logger log = LoggerFactory.getLogger(AuditDigests.class);
    private static final int BATCH = 10_000;

    private final JdbcTemplate jdbc;
    private final SigningKey key;
    private final Clock clock;
    private final AuditProperties properties;
    private final Path digestFile;
    private final TreeChunks treeChunks;
    private final CredentialRepository organizations;

    AuditDigests(
            JdbcTemplate jdbc,
            SigningKey key,
            Clock clock,
            AuditProperties properties,
            @Value("${ledger.data-dir:./data}") Path dataDir,
            TreeChunks treeChunks,
            CredentialRepository organizations) {
        this.jdbc = jdbc;
        this.treeChunks = treeChunks;
        this.organizations = organizations;
        this.key = key;
        this.clock = clock;
        this.properties = properties;
        this.digestFile =
                properties.digestFile() != null ? properties.digestFile() : dataDir.resolve("audit-digests.ndjson");
    }

    /** A stored digest with the frontier it ends on. */
    private record Stored(Digest digest, String frontier) {}

    /** The organization's latest digest, if it has one. */
    Optional<Digest> latest(String orgId) {
        return stored(orgId, null).map(Stored::digest);
    }

    /** The organization's digest at exactly this position, if one was made. */
    Optional<Digest> at(String orgId, long position) {
        return stored(orgId, position).map(Stored::digest);
    }

    /**
     * Digests the organization's events up to the newest settled one, continuing its latest digest; the latest
     * digest again when nothing new has settled, empty when it has no settled events at all.
     */
    Optional<Digest> publish(String orgId) {
        Optional<Stored> last = stored(orgId, null);
        long position = last.map(s -> s.digest().position()).orElse(0L);
        MerkleTree.Frontier frontier = last.map(
                        s -> MerkleTree.Frontier.decode(s.digest().size(), s.frontier()))
                .orElseGet(MerkleTree.Frontier::new);
        Instant now = clock.instant();
        // walks the organization's index from its newest event back, past the few younger than the settle time
        Long settled =
                jdbc.queryForList("""
                SELECT global_index FROM event_audit WHERE org_id = ? AND occurred_at <= ?
                ORDER BY org_id DESC, global_index DESC LIMIT 1""", Long.class, orgId, DbTime.toDb(now.minus(properties.digestSettle()))).stream()
                        .findFirst()
                        .orElse(null);
        if (settled == null || settled <= position) {
            return last.map(Stored::digest);
        }
        for (long after = position; after < settled; ) {
            List<long[]> positions = new ArrayList<>();
            List<byte[]> hashes = new ArrayList<>();
            jdbc.query(
                    """
                    SELECT global_index, hash FROM event_audit WHERE org_id = ? AND global_index > ? AND global_index <= ?
                    ORDER BY org_id, global_index LIMIT ?""",
                    rs -> {
                        positions.add(new long[] {rs.getLong(1)});
                        hashes.add(HexFormat.of().parseHex(rs.getString(2)));
                    },
                    orgId,
                    after,
                    settled,
                    BATCH);
            hashes.forEach(frontier::add);
            after = positions.isEmpty() ? settled : positions.get(positions.size() - 1)[0];
        }
        Digest digest = sign(orgId, settled, frontier, now);
        try {
            jdbc.update(
                    """
                    INSERT INTO audit_digest (org_id, position, size, root, issued_at, key_id, signature, frontier)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    orgId,
                    digest.position(),
                    digest.size(),
                    digest.root(),
                    DbTime.toDb(Instant.parse(digest.issuedAt())),
                    digest.keyId(),
                    digest.signature(),
                    frontier.encode());
        } catch (DuplicateKeyException another) {
            // another instance digested the same events first; its digest is as good
            return at(orgId, settled);
        }
        publishOutside(digest);
        treeChunks.upTo(orgId, digest.size(), digest.position());
        return Optional.of(digest);
    }

    /** Every organization's new events, digested on the configured interval. */
    @Scheduled(
            initialDelayString = "${ledger.audit.digest-interval:10m}",
            fixedDelayString = "${ledger.audit.digest-interval:10m}")
    void publishAll() {
        for (String orgId : organizations.organizationIds()) {
            try {
                publish(orgId);
            } catch (RuntimeException e) {
                log.warn(
                        "Could not digest the ledger of {}: {}",
                        orgId,
                        e.getClass().getName());
            }
        }
    }

    private Digest sign(String orgId, long position, MerkleTree.Frontier frontier, Instant at) {
        Digest unsigned = new Digest(
                orgId,
                position,
                frontier.size(),
                HexFormat.of().formatHex(frontier.root()),
                at.toString(),
                key.keyId(),
                null);
        byte[] signature = key.sign(Jcs.write(unsigned.signedContent()).getBytes(StandardCharsets.UTF_8));
        return new Digest(
                orgId,
                position,
                frontier.size(),
                unsigned.root(),
                unsigned.issuedAt(),
                key.keyId(),
                Base64.getEncoder().encodeToString(signature));
    }

    /** To the log and to the digest file: copies the database does not hold. */
    private synchronized void publishOutside(Digest digest) {
        String line = Jcs.write(digest.toJson());
        log.info("Audit digest {}", line);
        try {
            Path parent = digestFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(
                    digestFile,
                    line + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn(
                    "Could not append the digest to {}: {}",
                    digestFile,
                    e.getClass().getName());
        }
    }

    private Optional<Stored> stored(String orgId, Long position) {
        String where = position == null ? "" : " AND position = ?";
        Object[] args = position == null ? new Object[] {orgId} : new Object[] {orgId, position};
        return jdbc
                .query(
                        """
                SELECT org_id, position, size, root, issued_at, key_id, signature, frontier FROM audit_digest
                WHERE org_id = ?""" + where + " ORDER BY org_id, position DESC LIMIT 1",
                        (rs, n) -> new Stored(
                                new Digest(
                                        rs.getString("org_id"),
                                        rs.getLong("position"),
                                        rs.getLong("size"),
                                        rs.getString("root"),
                                        DbTime.fromDb(rs, "issued_at").toString(),
                                        rs.getString("key_id"),
                                        rs.getString("signature")),
                                rs.getString("frontier")),
                        args)
                .stream()
                .findFirst();
    }

    /** An event's place in a digest's tree, with the audit path from its hash to the digest's root. */
    record Proof(
            String processId,
            long sequence,
            long globalPosition,
            String hash,
            long leafIndex,
            List<String> path,
            Digest digest) {}

    /** Why a proof cannot be given. */
    enum NoProof {
        NO_SUCH_EVENT,
        NO_SUCH_DIGEST,
        NOT_YET_DIGESTED,
        LEDGER_CHANGED
    }

    /** The proof, or why there is none; the digest is the one at {@code digestPosition}, else the latest. */
    Object proof(String orgId, String processId, long sequence, Long digestPosition) {
        List<Object[]> event =
                jdbc.query("""
                SELECT global_index, hash FROM event_audit WHERE aggregate_identifier = ? AND sequence_number = ?
                    AND org_id = ?""", (rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}, processId, sequence, orgId);
        if (event.isEmpty()) {
            return NoProof.NO_SUCH_EVENT;
        }
        long position = (Long) event.get(0)[0];
        String hash = (String) event.get(0)[1];
        Optional<Digest> chosen = digestPosition != null
                ? at(orgId, digestPosition)
                : latest(orgId).filter(d -> d.position() >= position).or(() -> publish(orgId));
        if (chosen.isEmpty()) {
            return digestPosition != null ? NoProof.NO_SUCH_DIGEST : NoProof.NOT_YET_DIGESTED;
        }
        Digest digest = chosen.get();
        if (position > digest.position()) {
            return NoProof.NOT_YET_DIGESTED;
        }
        List<TreeChunks.Chunk> chunks = treeChunks.upTo(orgId, digest.size(), digest.position());
        if (chunks == null) {
            return NoProof.LEDGER_CHANGED;
        }
        long chunked = (long) chunks.size() * TreeChunks.SIZE;
        TreeChunks.Leaves tail = treeChunks.leaves(
                orgId,
                chunked,
                chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).lastPosition(),
                digest.position(),
                TreeChunks.SIZE + 1);
        if (chunked + tail.data().size() != digest.size()) {
            return NoProof.LEDGER_CHANGED;
        }
        // the run that holds the event, read whole; or the tail
        TreeChunks.Leaves near = tail;
        int run = runHolding(chunks, position);
        if (run >= 0) {
            TreeChunks.Chunk chunk = chunks.get(run);
            near = treeChunks.leaves(
                    orgId,
                    (long) run * TreeChunks.SIZE,
                    chunk.firstPosition() - 1,
                    chunk.lastPosition(),
                    TreeChunks.SIZE);
            if (near.data().size() != TreeChunks.SIZE
                    || !Arrays.equals(
                            chunk.hash(), near.root(near.firstIndex(), near.firstIndex() + TreeChunks.SIZE))) {
                return NoProof.LEDGER_CHANGED;
            }
        }
        int offset = near.positions().indexOf(position);
        if (offset < 0) {
            return NoProof.LEDGER_CHANGED;
        }
        long index = near.firstIndex() + offset;
        List<byte[]> path = MerkleTree.inclusionProof(
                index,
                digest.size(),
                MerkleTree.fromRuns(
                        TreeChunks.SIZE,
                        chunks.stream().map(TreeChunks.Chunk::hash).toList(),
                        List.of(near.known(), tail.known())));
        byte[] root = MerkleTree.rootFromProof(index, digest.size(), near.data().get(offset), path);
        if (root == null || !HexFormat.of().formatHex(root).equals(digest.root())) {
            return NoProof.LEDGER_CHANGED;
        }
        return new Proof(
                processId,
                sequence,
                position,
                hash,
                index,
                path.stream().map(HexFormat.of()::formatHex).toList(),
                digest);
    }

    /** The index of the run whose positions include {@code position}, or -1 when it lies after them all. */
    private static int runHolding(List<TreeChunks.Chunk> chunks, long position) {
        int low = 0;
        int high = chunks.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            TreeChunks.Chunk chunk = chunks.get(middle);
            if (position < chunk.firstPosition()) {
                high = middle - 1;
            } else if (position > chunk.lastPosition()) {
                low = middle + 1;
            } else {
                return middle;
            }
        }
        return -1;
    }
}
