package dev.processledger.process.command;

import dev.processledger.process.api.ProcessRejectedException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

/**
 * A refusal is only final if the state that made it was current. With several instances, a cached process may lag
 * behind another instance's appends: then the refusal becomes a {@link ConcurrencyException}, the cache entry is
 * evicted on rollback, and the command gateway retries on fresh state. Accepted updates need no check: a stale
 * append collides with the store's (aggregate, sequence) key. Axon's Spring Boot auto-configuration puts this bean
 * on the command bus.
 */
@Component
class StaleRefusals implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final EventStore eventStore;

    StaleRefusals(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        try {
            return chain.proceed();
        } catch (ProcessRejectedException rejected) {
            if (rejected.version() >= 0
                    && eventStore.lastSequenceNumberFor(rejected.processId()).orElse(-1L) != rejected.version()) {
                throw new ConcurrencyException("process " + rejected.processId() + " changed since it was cached");
            }
            throw rejected;
        }
    }
}
