package dev.processledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.process.api.Actor;
import dev.processledger.process.api.EventTypes;
import dev.processledger.process.api.ProcessCompletedEvent;
import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessDefinition;
import dev.processledger.process.api.ProcessEvent;
import dev.processledger.process.api.ProcessFailedEvent;
import dev.processledger.process.api.StepCancelledEvent;
import dev.processledger.process.api.StepCompletedEvent;
import dev.processledger.process.api.StepDefinition;
import dev.processledger.process.api.StepFailedEvent;
import dev.processledger.process.api.StepProgressedEvent;
import dev.processledger.process.api.StepSkippedEvent;
import dev.processledger.process.api.StepStartedEvent;
import dev.processledger.process.api.StepTimedOutEvent;
import dev.processledger.process.api.TaskApprovedEvent;
import dev.processledger.process.api.TaskCancelledEvent;
import dev.processledger.process.api.TaskCreatedEvent;
import dev.processledger.process.api.TaskRejectedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fixed events of every type give committed hashes: a change to how records are written (member names, number
 * forms, escaping) would silently fork every chain, so it must show up here first.
 */
class GoldenHashTest {

    private static final String ID = "6f1c2a8e-0f57-4c1e-9d55-2b7f9f0b1a01";
    private static final Instant AT = Instant.parse("2026-01-01T10:00:00.125Z");
    private static final Actor ACTOR = new Actor("2e9f93d2-ecb6-41a1-85f4-4893474990a4", "deployer \"ci\" é");
    private static final String PREV = "a".repeat(64);
    private static final Map<String, Object> DATA =
            new LinkedHashMap<>(Map.of("ratio", 0.1, "big", 1e21, "tag", "v2.1.0\n", "list", List.of(1, true, "€")));

    private static final Map<ProcessEvent, String> GOLDEN = new LinkedHashMap<>();

    static {
        GOLDEN.put(
                new ProcessCreatedEvent(
                        ID,
                        "default",
                        new ProcessDefinition(
                                "default.deploy",
                                "Deploy",
                                null,
                                List.of(
                                        new StepDefinition("build", "Build", false),
                                        new StepDefinition("review", "Review", true)),
                                60L),
                        AT),
                "e41632644030c3a2eccd0c64bd80131147d367a9455adcaca1a26a613912312d");
        GOLDEN.put(
                new StepStartedEvent(ID, "build", 1, "go", AT),
                "bedb88faf1933edd9cbbd54a1c84634c28fed24eec006fafddde62e40474afa4");
        GOLDEN.put(
                new StepProgressedEvent(ID, "build", "half", 50, AT),
                "6d0a5e23e2b4f5a8101ff3eccd5ca4f594b79911ad762f92d3e7525a8b57774e");
        GOLDEN.put(
                new StepCompletedEvent(ID, "build", 1, null, DATA, AT),
                "9ea3e0d81f55a96e6ff8b2e4bd948a47656638041ac5b94e36e000ea09686689");
        GOLDEN.put(
                new StepFailedEvent(ID, "build", 2, "boom", AT),
                "34724425b8d8cd98acced02f888eb20b8795f8e7c6e8e9122d237221832fd23d");
        GOLDEN.put(
                new StepTimedOutEvent(ID, "build", AT),
                "62d778e9fd171217e0af007892e5cd5a87c1141c0c56d300c5d106fb9c6bfe36");
        GOLDEN.put(
                new StepSkippedEvent(ID, "review", AT),
                "54c4c8b7667c6dd4f0be89727e28685a20ac7df332b1126bae3ce09175706f9f");
        GOLDEN.put(
                new StepCancelledEvent(ID, "build", AT),
                "8037ff46af2dc688a1e8d4ce4cf9dda75f18315ce6a9a94558823824c46860a3");
        GOLDEN.put(
                new ProcessCompletedEvent(ID, "all good", AT),
                "316d25bffac8b8830dd36ec822bbd39238641f8402126bcaab14cb077fe578af");
        GOLDEN.put(
                new ProcessFailedEvent(ID, "gave up", AT),
                "1154ccbc21eac52f8d4066258b50a86783020394463288432751d9fad9f2f482");
        GOLDEN.put(
                new TaskCreatedEvent(
                        ID,
                        "7d4e1f0a-3b2c-4d5e-8f90-a1b2c3d4e5f6",
                        "review",
                        "Approve the release",
                        "Check the \"diff\"\n",
                        "ops é",
                        AT.plusSeconds(3600),
                        true,
                        ACTOR.tokenId(),
                        AT),
                "115aad759f4b602ec63c814d1604b22198a8a5a773c198c35eaafaf2696d701c");
        GOLDEN.put(
                new TaskApprovedEvent(ID, "7d4e1f0a-3b2c-4d5e-8f90-a1b2c3d4e5f6", "review", "looks good", AT),
                "89ffc0e086c4119340b0a3f5a9eaef96500e4e9904e2fee3af5ad7e00105ed87");
        GOLDEN.put(
                new TaskRejectedEvent(ID, "7d4e1f0a-3b2c-4d5e-8f90-a1b2c3d4e5f6", "review", null, AT),
                "0aa6cb2eda0ef90c6d6b7e21ee1d2eb0fbdd02d697fd8da3a76ef7468bf95b32");
        GOLDEN.put(
                new TaskCancelledEvent(ID, "7d4e1f0a-3b2c-4d5e-8f90-a1b2c3d4e5f6", "review", "process completed", AT),
                "4da6409e4a344c35eda60e231aea35669ab5c3d7138794c487cdfde31b056754");
    }

    @Test
    void everyEventTypeHasAGoldenRecord() {
        assertThat(GOLDEN.keySet())
                .extracting(Object::getClass)
                .containsExactlyInAnyOrderElementsOf(EventTypes.all().keySet());
    }

    @Test
    void fixedEventsGiveTheCommittedHashes() {
        GOLDEN.forEach((event, expected) -> {
            byte[] payload = ("stored payload of " + event.getClass().getSimpleName()).getBytes(StandardCharsets.UTF_8);
            String record = AuditRecord.content(event, 7, ACTOR, payload, PREV);
            assertThat(AuditRecord.sha256(record))
                    .as("%s: %s", event.getClass().getSimpleName(), record)
                    .isEqualTo(expected);
        });
    }
}
