package dev.processledger.process.web;

import dev.processledger.process.api.CreateProcessCommand;
import dev.processledger.process.api.ProcessUpdateCommand;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Makes the next commands for a chosen process lose the race at commit, with the exception the event store raises
 * when another writer took the (aggregate, sequence) key first: a create loses with an
 * {@link AggregateStreamCreationException}, an update with a {@link ConcurrencyException}. Nothing is appended.
 */
@TestConfiguration(proxyBeanMethods = false)
class LosingRaces {

    private static final Map<String, AtomicInteger> RACES_TO_LOSE = new ConcurrentHashMap<>();

    /** The next {@code times} commands for the process lose their race; -1 for all of them. */
    static void lose(String processId, int times) {
        RACES_TO_LOSE.put(processId, new AtomicInteger(times));
    }

    @Bean
    MessageHandlerInterceptor<CommandMessage<?>> losingRaces() {
        return (unitOfWork, chain) -> {
            Object command = unitOfWork.getMessage().getPayload();
            String processId = command instanceof ProcessUpdateCommand update
                    ? update.processId()
                    : command instanceof CreateProcessCommand create ? create.processId() : null;
            AtomicInteger left = processId == null ? null : RACES_TO_LOSE.get(processId);
            if (left != null && left.getAndUpdate(n -> n > 0 ? n - 1 : n) != 0) {
                RuntimeException lost = command instanceof CreateProcessCommand
                        ? new AggregateStreamCreationException("process " + processId + " was created concurrently")
                        : new ConcurrencyException("process " + processId + " was appended to concurrently");
                unitOfWork.onPrepareCommit(u -> {
                    throw lost;
                });
            }
            return chain.proceed();
        };
    }
}
