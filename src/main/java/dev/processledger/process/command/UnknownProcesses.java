package dev.processledger.process.command;

import dev.processledger.process.api.ProcessRejectedException;
import dev.processledger.process.api.ProcessUpdateCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

/**
 * An update for a process that does not exist is refused as {@code NOT_FOUND} where it is handled, so the refusal
 * reaches the sender as one whichever bus carries it (Axon Server carries a refusal's details, not Axon's own
 * exception). Axon's Spring Boot auto-configuration puts this bean on the command bus.
 */
@Component
class UnknownProcesses implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        try {
            return chain.proceed();
        } catch (AggregateNotFoundException missing) {
            if (unitOfWork.getMessage().getPayload() instanceof ProcessUpdateCommand update) {
                throw ProcessRejectedException.notFound(update.processId());
            }
            throw missing;
        }
    }
}
