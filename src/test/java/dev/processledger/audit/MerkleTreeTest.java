package dev.processledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The incremental tree and the audit paths agree with RFC 9162's recursive definition for every size and leaf. */
class MerkleTreeTest {

    private static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(("leaf " + i).getBytes(StandardCharsets.UTF_8));
        }
        return leaves;
    }

    @Test
    void theFrontiersRootIsTheRecursiveTreeHashForEverySize() {
        for (int n = 0; n <= 70; n++) {
            MerkleTree.Frontier frontier = new MerkleTree.Frontier();
            List<byte[]> leaves = leaves(n);
            leaves.forEach(frontier::add);

            assertThat(frontier.root()).as("size %d", n).isEqualTo(MerkleTree.root(leaves, 0, n));
            assertThat(frontier.size()).isEqualTo(n);
        }
    }

    @Test
    void theEmptyTreeAndASingleLeafHaveTheRfcsHashes() {
        assertThat(HexFormat.of().formatHex(MerkleTree.emptyRoot()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        MerkleTree.Frontier one = new MerkleTree.Frontier();
        one.add(new byte[0]);
        assertThat(HexFormat.of().formatHex(one.root()))
                .as("SHA-256 of the single byte 0x00")
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    }

    @Test
    void theRootAgreesWithTheShippedVerifiersOwnImplementation() {
        MerkleTree.Frontier frontier = new MerkleTree.Frontier();
        leaves(13).forEach(frontier::add);

        // docs/verify-export.py's tree_root over the same thirteen leaves
        assertThat(HexFormat.of().formatHex(frontier.root()))
                .isEqualTo("cf9b4c2a44a7caa722d5d548ee64ff90a119b0c31acac3444dc583000a39d3ca");
        assertThat(MerkleTree.Frontier.decode(frontier.size(), frontier.encode())
                        .root())
                .isEqualTo(frontier.root());
    }

    @Test
    void everyLeafsAuditPathLeadsToTheRootAndNoOtherLeafDoes() {
        for (int n = 1; n <= 40; n++) {
            List<byte[]> leaves = leaves(n);
            byte[] root = MerkleTree.root(leaves, 0, n);
            for (int i = 0; i < n; i++) {
                List<byte[]> path = MerkleTree.inclusionProof(i, leaves);

                assertThat(MerkleTree.rootFromProof(i, n, leaves.get(i), path))
                        .as("leaf %d of %d", i, n)
                        .isEqualTo(root);
                assertThat(path.size()).isLessThanOrEqualTo(64 - Long.numberOfLeadingZeros(n));
                byte[] forged = MerkleTree.rootFromProof(i, n, "forged".getBytes(StandardCharsets.UTF_8), path);
                assertThat(forged).isNotEqualTo(root);
                if (n > 1) {
                    assertThat(MerkleTree.rootFromProof((i + 1) % n, n, leaves.get(i), path))
                            .as("another position")
                            .isNotEqualTo(root);
                }
            }
        }
    }

    /**
     * A path made from the roots of runs of a power-of-two size, the leaves of the run holding the leaf and the
     * tail's leaves is the path made from every leaf.
     */
    @Test
    void aPathFromKeptRunsIsThePathFromEveryLeaf() {
        int run = 4;
        for (int n = 1; n <= 70; n++) {
            List<byte[]> leaves = leaves(n);
            int runs = n / run;
            List<byte[]> runRoots = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                runRoots.add(MerkleTree.root(leaves, r * run, r * run + run));
            }
            for (int i = 0; i < n; i++) {
                int leaf = i;
                int near = leaf < runs * run ? leaf / run * run : runs * run;
                int nearEnd = leaf < runs * run ? near + run : n;
                MerkleTree.KnownLeaves runOfLeaf = new MerkleTree.KnownLeaves(near, leaves.subList(near, nearEnd));
                MerkleTree.KnownLeaves tail = new MerkleTree.KnownLeaves(runs * run, leaves.subList(runs * run, n));
                List<byte[]> path = MerkleTree.inclusionProof(
                        leaf, n, MerkleTree.fromRuns(run, runRoots, List.of(runOfLeaf, tail)));

                assertThat(path)
                        .as("leaf %d of %d", leaf, n)
                        .containsExactlyElementsOf(MerkleTree.inclusionProof(leaf, leaves));
            }
        }
    }
}
