package dev.processledger.audit;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * An organization's digest tree seen as runs ("chunks") of {@link #SIZE} leaves: the tree hash of every full run is
 * kept ({@code audit_tree_chunk}), so an inclusion proof reads about size / {@value #SIZE} chunk hashes, the
 * leaves of one run and the tail instead of every leaf. Runs are kept in order as digests cover them; a run is a
 * perfect subtree of every tree that holds it, because it starts at a multiple of its power-of-two size.
 */
@Component
class TreeChunks {

    static final int SIZE = 1024;

    /** A run of {@link #SIZE} leaves: the positions of its first and last event and its tree hash. */
    record Chunk(long firstPosition, long lastPosition, byte[] hash) {}

    /** Consecutive leaves of the tree from leaf {@code firstIndex}: their positions and their data (event hashes). */
    record Leaves(long firstIndex, List<Long> positions, List<byte[]> data) {

        MerkleTree.KnownLeaves known() {
            return new MerkleTree.KnownLeaves(firstIndex, data);
        }

        byte[] root(long from, long to) {
            return MerkleTree.root(data, (int) (from - firstIndex), (int) (to - firstIndex));
        }
    }

    private final JdbcTemplate jdbc;

    TreeChunks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The full runs of the first {@code size} leaves, which end at or before {@code position}; missing ones are
     * made from the audit records and kept. Null when the records no longer hold enough leaves for them.
     */
    List<Chunk> upTo(String orgId, long size, long position) {
        long wanted = size / SIZE;
        List<Chunk> chunks = new ArrayList<>(jdbc.query(
                """
                SELECT first_position, last_position, hash FROM audit_tree_chunk WHERE org_id = ? AND chunk_index < ?
                ORDER BY org_id, chunk_index""",
                (rs, n) ->
                        new Chunk(rs.getLong(1), rs.getLong(2), HexFormat.of().parseHex(rs.getString(3))),
                orgId,
                wanted));
        while (chunks.size() < wanted) {
            long after = chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).lastPosition();
            Leaves run = leaves(orgId, chunks.size() * (long) SIZE, after, position, SIZE);
            if (run.data().size() < SIZE) {
                return null;
            }
            Chunk chunk = new Chunk(
                    run.positions().get(0),
                    run.positions().get(SIZE - 1),
                    run.root(run.firstIndex(), run.firstIndex() + SIZE));
            try {
                jdbc.update(
                        """
                        INSERT INTO audit_tree_chunk (org_id, chunk_index, first_position, last_position, hash)
                        VALUES (?, ?, ?, ?, ?)""",
                        orgId,
                        (long) chunks.size(),
                        chunk.firstPosition(),
                        chunk.lastPosition(),
                        HexFormat.of().formatHex(chunk.hash()));
            } catch (DuplicateKeyException another) {
                // another request or instance kept the same run first
            }
            chunks.add(chunk);
        }
        return chunks;
    }

    /** Up to {@code limit} leaves after {@code afterPosition} up to {@code lastPosition}, the first being leaf {@code firstIndex}. */
    Leaves leaves(String orgId, long firstIndex, long afterPosition, long lastPosition, int limit) {
        List<Long> positions = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        jdbc.query(
                """
                SELECT global_index, hash FROM event_audit WHERE org_id = ? AND global_index > ? AND global_index <= ?
                ORDER BY org_id, global_index LIMIT ?""",
                rs -> {
                    positions.add(rs.getLong(1));
                    data.add(HexFormat.of().parseHex(rs.getString(2)));
                },
                orgId,
                afterPosition,
                lastPosition,
                limit);
        return new Leaves(firstIndex, positions, data);
    }
}
