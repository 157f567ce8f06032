package dev.processledger.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.security.TokenSecrets;
import dev.processledger.support.Api;
import dev.processledger.support.PackagedService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Sustained updates over HTTP to the packaged service on a fresh H2 file: the file, sampled while the updates run
 * and measured after them, stays within three times the size of the same data compacted (a copy of the file after
 * H2's {@code SHUTDOWN COMPACT}). Against the service before it compacted the store online, this test saw the file
 * grow by some 35 KB per update, to 57 times the compacted size.
 */
class StoreGrowthIT {

    private static final String TOKEN = TokenSecrets.generate();
    private static final int CLIENTS = 4;
    private static final int PROCESSES_PER_CLIENT = 5;
    private static final int UPDATES_PER_PROCESS = 250;
    private static final long BOUND = 3;

    @Test
    void theFileStaysWithinThreeTimesItsCompactedSizeDuringAndAfterSustainedUpdates() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "growth-test-");
        Path file = dataDir.resolve("ledger.mv.db");
        int port = PackagedService.freePort();
        Api api = new Api("http://127.0.0.1:" + port);
        AtomicLong largest = new AtomicLong();
        long afterUpdates;
        int updates = 0;
        try (PackagedService service = PackagedService.start(
                dataDir,
                port,
                TOKEN,
                "growth",
                "256m",
                "--ledger.rate-limit.per-second=0",
                "--ledger.rate-limit.per-organization-per-second=0")) {
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(
                    () -> largest.accumulateAndGet(size(file), Math::max), 0, 100, TimeUnit.MILLISECONDS);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<Integer>> work = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                work.add(clients.submit(() -> postUpdates(api)));
            }
            for (Future<Integer> done : work) {
                updates += done.get();
            }
            clients.shutdown();
            sampler.shutdown();
            assertThat(sampler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            afterUpdates = size(file);
            service.stop();
        }

        long compacted = compactedCopy(file);
        System.out.printf(
                "store growth: updates=%d largest=%d after=%d compacted=%d bytes (%.1fx, %.1fx)%n",
                updates,
                largest.get(),
                afterUpdates,
                compacted,
                (double) largest.get() / compacted,
                (double) afterUpdates / compacted);
        assertThat(updates).isEqualTo(CLIENTS * PROCESSES_PER_CLIENT * UPDATES_PER_PROCESS);
        assertThat(largest.get())
                .as("largest file size sampled during the updates")
                .isPositive()
                .isLessThanOrEqualTo(BOUND * compacted);
        assertThat(afterUpdates).as("file size after the updates").isLessThanOrEqualTo(BOUND * compacted);
    }

    /** One client: several processes in turn, each started and then sent progress updates; returns the count. */
    private static int postUpdates(Api api) {
        int acknowledged = 0;
        for (int p = 0; p < PROCESSES_PER_CLIENT; p++) {
            String id = api.startedProcess(TOKEN, "growth", "p" + p);
            for (int i = 1; i < UPDATES_PER_PROCESS; i++) {
                assertThat(api.post(
                                        "/api/v1/processes/" + id + "/update",
                                        TOKEN,
                                        "{\"type\":\"progress\",\"step\":\"work\",\"percent\":" + (i % 101) + "}")
                                .status())
                        .isEqualTo(200);
            }
            acknowledged += UPDATES_PER_PROCESS;
        }
        return acknowledged;
    }

    /** The size of a copy of the store after H2's SHUTDOWN COMPACT: the same data, written as compactly as H2 can. */
    private static long compactedCopy(Path file) throws Exception {
        Path copy = Files.createDirectories(file.resolveSibling("compacted"));
        Files.copy(file, copy.resolve(file.getFileName()));
        try (Connection db = DriverManager.getConnection(
                        "jdbc:h2:file:" + copy.toAbsolutePath().resolve("ledger"), "ledger", "");
                Statement statement = db.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
        }
        return Files.size(copy.resolve(file.getFileName()));
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException vanished) {
            return 0;
        }
    }
}
