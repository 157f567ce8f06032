package dev.processledger.process.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.config.AsIfDistributed;
import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

/**
 * Refusals answer the same when the command bus is distributed (Axon Server): every failure a command ends with
 * is handed back the way Axon Server's connector delivers it to the sender ({@link AsIfDistributed}), with no
 * server running. Same context as {@link RemoteLostRacesTest}.
 */
@H2Store
@Import({AsIfDistributed.class, LosingRaces.class})
class RemoteRefusalsTest extends ApiTestSupport {

    @Test
    void aRefusalIsAnsweredAsLocally() {
        String id = createProcess(uniqueNamespace(), "build", "deploy");
        accepted(id, "{\"type\":\"completed\"}");
        int before = AsIfDistributed.DELIVERED_REMOTELY.get();

        Api.Response refused = refused(() -> update(id, "{\"type\":\"step_started\",\"step\":\"build\"}"));

        assertThat(AsIfDistributed.DELIVERED_REMOTELY.get())
                .as("the failure crossed the simulated bus")
                .isGreaterThan(before);
        assertProblem(refused, 409, "process-finished", null);
        assertThat(refused.text("code")).isEqualTo("process_finished");
        assertThat(refused.text("process_id")).isEqualTo(id);
        assertThat(refused.text("current_status")).isEqualTo("completed");
        String running = createProcess(uniqueNamespace(), "build");
        assertInvalid(refused(() -> update(running, "{\"type\":\"step_started\",\"step\":\"nope\"}")), "step");
    }

    @Test
    void anUnknownProcessIsNotFound() {
        assertProblem(
                refused(() -> update(UUID.randomUUID().toString(), "{\"type\":\"step_started\",\"step\":\"a\"}")),
                404,
                "not-found",
                "Process not found");
    }
}
