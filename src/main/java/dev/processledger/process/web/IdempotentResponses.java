package dev.processledger.process.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.idempotency.IdempotencyKeys;
import dev.processledger.process.api.CreateProcessCommand;
import dev.processledger.process.api.ProcessUpdateCommand;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Stores the response of a command sent with an Idempotency-Key, inside the command's own transaction: the
 * response is kept if and only if the events are appended, and every retry of a lost race stores it anew.
 * Axon's Spring Boot auto-configuration puts this bean on the command bus (registering it again would run it twice).
 */
@Component
class IdempotentResponses implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final IdempotencyKeys keys;
    private final ObjectMapper json;

    IdempotentResponses(IdempotencyKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object result = chain.proceed();
        CommandMessage<?> command = unitOfWork.getMessage();
        Optional<IdempotencyKeys.Claim> claim = IdempotencyKeys.Claim.fromMetaData(command.getMetaData());
        if (claim.isPresent()) {
            keys.complete(claim.get(), statusOf(command.getPayload()), write(responseOf(command.getPayload(), result)));
        }
        return result;
    }

    /** The HTTP response a command's result becomes; the same records the controller returns. */
    static Object responseOf(Object command, Object result) {
        if (command instanceof CreateProcessCommand create) {
            return new ProcessController.CreatedProcess(
                    create.processId(),
                    create.definition().namespace(),
                    create.definition().name(),
                    (Instant) result);
        }
        ProcessUpdateCommand update = (ProcessUpdateCommand) command;
        return new ProcessController.UpdateAccepted(
                update.processId(), update.type().wireName(), update.at(), (Long) result);
    }

    static int statusOf(Object command) {
        return command instanceof CreateProcessCommand ? 201 : 200;
    }

    private String write(Object response) throws JsonProcessingException {
        return json.writeValueAsString(response);
    }
}
