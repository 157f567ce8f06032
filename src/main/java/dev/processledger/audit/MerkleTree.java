package dev.processledger.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The Merkle tree hash of RFC 9162 (Certificate Transparency 2.0, section 2.1) over an organisation's event hashes
 * in global order: a leaf is SHA-256(0x00 || data), a node SHA-256(0x01 || left || right), and a tree of n leaves
 * splits at the largest power of two below n. {@link Frontier} grows a tree leaf by leaf in constant memory per
 * level; {@link #inclusionProof} and {@link #rootFromProof} are the audit paths of section 2.1.3.
 */
public final class MerkleTree {

    private MerkleTree() {
    }

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
                text.append(i == 0 ? "" : ",").append(heights.get(i)).append(':')
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

    /** The audit path of leaf {@code index} in the tree of {@code leaves} (their data, not their hashes). */
    public static List<byte[]> inclusionProof(int index, List<byte[]> leaves) {
        if (index < 0 || index >= leaves.size()) {
            throw new IllegalArgumentException("no leaf " + index + " in a tree of " + leaves.size());
        }
        List<byte[]> path = new ArrayList<>();
        path(index, leaves, 0, leaves.size(), path);
        return path;
    }

    private static void path(int index, List<byte[]> leaves, int from, int to, List<byte[]> path) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = Integer.highestOneBit(n - 1);
        if (index - from < k) {
            path(index, leaves, from, from + k, path);
            path.add(root(leaves, from + k, to));
        } else {
            path(index, leaves, from + k, to, path);
            path.add(root(leaves, from, from + k));
        }
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
