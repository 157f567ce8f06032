package dev.processledger.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The Merkle tree hash of RFC 9162 (Certificate Transparency 2.0, section 2.1) over an organization's event hashes
 * in global order: a leaf is SHA-256(0x00 || data), a node SHA-256(0x01 || left || right), and a tree of n leaves
 * splits at the largest power of two below n. {@link Frontier} grows a tree leaf by leaf in constant memory per
 * level; {@link #inclusionProof} and {@link #rootFromProof} are the audit paths of section 2.1.3.
 */
public final class MerkleTree {

    private MerkleTree() {}

    public static byte[] leafHash(byte[] data) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 0x00);
        return sha256.digest(data);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 0x01);
        sha256.update(left);
        return sha256.digest(right);
    }

    /** The root of an empty tree: SHA-256 of nothing. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /**
     * A tree built leaf by leaf: it keeps only the roots of its perfect subtrees (one per set bit of its size,
     * largest first), which is all a root needs.
     */
    public static final class Frontier {

        private final List<byte[]> subtrees = new ArrayList<>();
        private final List<Integer> heights = new ArrayList<>();
        private long size;

        public void add(byte[] leafData) {
            byte[] hash = leafHash(leafData);
            int height = 0;
            while (!heights.isEmpty() && heights.get(heights.size() - 1) == height) {
                hash = nodeHash(subtrees.remove(subtrees.size() - 1), hash);
                heights.remove(heights.size() - 1);
                height++;
            }
            subtrees.add(hash);
            heights.add(height);
            size++;
        }

        public long size() {
            return size;
        }

        /** The frontier as text ({@code height:hex} per subtree, largest first), to continue it later. */
        public String encode() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < subtrees.size(); i++) {
                text.append(i == 0 ? "" : ",")
                        .append(heights.get(i))
                        .append(':')
                        .append(HexFormat.of().formatHex(subtrees.get(i)));
            }
            return text.toString();
        }

        /** A frontier of {@code size} leaves from its {@link #encode() text}. */
        public static Frontier decode(long size, String text) {
            Frontier frontier = new Frontier();
            if (!text.isEmpty()) {
                for (String subtree : text.split(",")) {
                    int colon = subtree.indexOf(':');
                    frontier.heights.add(Integer.parseInt(subtree.substring(0, colon)));
                    frontier.subtrees.add(HexFormat.of().parseHex(subtree.substring(colon + 1)));
                }
            }
            frontier.size = size;
            return frontier;
        }

        /** The tree's root: its perfect subtrees joined from the right, as the left-balanced split makes them. */
        public byte[] root() {
            if (subtrees.isEmpty()) {
                return emptyRoot();
            }
            byte[] root = subtrees.get(subtrees.size() - 1);
            for (int i = subtrees.size() - 2; i >= 0; i--) {
                root = nodeHash(subtrees.get(i), root);
            }
            return root;
        }
    }

    /** The tree hash of the leaves in [from, to), however the caller comes by it. */
    @FunctionalInterface
    public interface RangeHash {
        byte[] of(long from, long to);
    }

    /** The audit path of leaf {@code index} in the tree of {@code leaves} (their data, not their hashes). */
    public static List<byte[]> inclusionProof(int index, List<byte[]> leaves) {
        return inclusionProof(index, leaves.size(), (from, to) -> root(leaves, (int) from, (int) to));
    }

    /**
     * The audit path of leaf {@code index} in a tree of {@code size} leaves (RFC 9162 section 2.1.3.1). It asks
     * {@code hashOf} only for ranges that do not hold the leaf: perfect subtrees beside the path, and the right
     * edge of the tree.
     */
    public static List<byte[]> inclusionProof(long index, long size, RangeHash hashOf) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("no leaf " + index + " in a tree of " + size);
        }
        List<byte[]> path = new ArrayList<>();
        path(index, 0, size, hashOf, path);
        return path;
    }

    private static void path(long index, long from, long to, RangeHash hashOf, List<byte[]> path) {
        long n = to - from;
        if (n == 1) {
            return;
        }
        long k = Long.highestOneBit(n - 1);
        if (index - from < k) {
            path(index, from, from + k, hashOf, path);
            path.add(hashOf.of(from + k, to));
        } else {
            path(index, from + k, to, hashOf, path);
            path.add(hashOf.of(from, from + k));
        }
    }

    /** Leaves known from leaf {@code first} on: their data. */
    public record KnownLeaves(long first, List<byte[]> data) {

        boolean hold(long from, long to) {
            return from >= first && to <= first + data.size();
        }
    }

    /**
     * Tree hashes of ranges from what is at hand: the roots of the runs of {@code runSize} leaves (a power of two)
     * that start at leaf 0, and some leaves. A range within known leaves is hashed from them, a range of whole
     * runs from their roots, any other range splits as the tree does until its parts are one or the other.
     */
    public static RangeHash fromRuns(int runSize, List<byte[]> runRoots, List<KnownLeaves> known) {
        return new RangeHash() {
            @Override
            public byte[] of(long from, long to) {
                for (KnownLeaves leaves : known) {
                    if (leaves.hold(from, to)) {
                        return root(leaves.data(), (int) (from - leaves.first()), (int) (to - leaves.first()));
                    }
                }
                if (from % runSize == 0 && to % runSize == 0 && to / runSize <= runRoots.size() && to > from) {
                    return rootOfSubtrees(runRoots, (int) (from / runSize), (int) (to / runSize));
                }
                if (to - from <= 1) {
                    throw new IllegalArgumentException("leaves " + from + ".." + to + " are not at hand");
                }
                long k = Long.highestOneBit(to - from - 1);
                return nodeHash(of(from, from + k), of(from + k, to));
            }
        };
    }

    /**
     * The tree hash over {@code nodes[from, to)}, each the root of a perfect subtree of one same size: the tree
     * hash of all their leaves, since the recursive definition splits such a run only between its subtrees.
     */
    static byte[] rootOfSubtrees(List<byte[]> nodes, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return nodes.get(from);
        }
        int k = Integer.highestOneBit(n - 1);
        return nodeHash(rootOfSubtrees(nodes, from, from + k), rootOfSubtrees(nodes, from + k, to));
    }

    /** The tree hash of leaves[from, to), by the recursive definition. */
    static byte[] root(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return emptyRoot();
        }
        if (n == 1) {
            return leafHash(leaves.get(from));
        }
        int k = Integer.highestOneBit(n - 1);
        return nodeHash(root(leaves, from, from + k), root(leaves, from + k, to));
    }

    /**
     * The root a leaf's audit path leads to (RFC 9162 section 2.1.3.2); the proof holds when it equals the root
     * of a digest for a tree of {@code size} leaves. Null when the path has the wrong length for that position.
     */
    public static byte[] rootFromProof(long index, long size, byte[] leafData, List<byte[]> path) {
        if (index < 0 || index >= size) {
            return null;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash(leafData);
        for (byte[] p : path) {
            if (sn == 0) {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
