package dev.processledger.process.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.config.AsIfDistributed;
import dev.processledger.support.H2Store;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

/**
 * Lost races when the command bus is distributed (Axon Server): the failure reaches the sender as Axon Server's
 * connector delivers it ({@link AsIfDistributed}), and is retried and answered as locally. Same context as
 * {@link RemoteRefusalsTest}.
 */
@H2Store
@Import({AsIfDistributed.class, LosingRaces.class})
class RemoteLostRacesTest extends LostRacesContract {

    @Test
    void everyLostRaceCrossedTheBus() {
        String id = createProcess(uniqueNamespace(), "build");
        LosingRaces.lose(id, -1);
        int before = AsIfDistributed.DELIVERED_REMOTELY.get();

        assertThat(update(id, "{\"type\":\"step_started\",\"step\":\"build\"}").status())
                .isEqualTo(409);

        assertThat(AsIfDistributed.DELIVERED_REMOTELY.get() - before)
                .as("the first attempt and five retries")
                .isEqualTo(6);
    }
}
