package dev.processledger.process.command;

import dev.processledger.process.api.CreateProcessCommand;
import dev.processledger.process.api.ProcessRejectedException;
import dev.processledger.process.api.ProcessUpdateCommand;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

/**
 * {@code ledger_updates_seconds}: every create and update command, from its handling to the commit of its events
 * (or its refusal), by {@code type} (the update type, or {@code create}), {@code outcome} ({@code accepted},
 * {@code refused}, {@code conflict} for a lost race that is retried, {@code error}) and {@code code} (the
 * refusal's code, or {@code none}). Its count is the number of updates; its histogram the append latency.
 * Axon's Spring Boot auto-configuration puts this bean on the command bus.
 */
@Component
class UpdateMetrics implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final MeterRegistry registry;

    UpdateMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        long started = System.nanoTime();
        String type = typeOf(unitOfWork.getMessage().getPayload());
        unitOfWork.afterCommit(u -> record(type, "accepted", "none", started));
        unitOfWork.onRollback(u -> {
            Throwable cause = u.getExecutionResult() == null
                    ? null
                    : u.getExecutionResult().getExceptionResult();
            if (cause instanceof ProcessRejectedException rejected) {
                record(type, "refused", rejected.reason().name().toLowerCase(Locale.ROOT), started);
            } else if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException) {
                record(type, "conflict", "none", started);
            } else {
                record(type, "error", "none", started);
            }
        });
        return chain.proceed();
    }

    private void record(String type, String outcome, String code, long started) {
        Timer.builder("ledger.updates")
                .description("Create and update commands, from handling to the commit of their events or their refusal")
                .tags("type", type, "outcome", outcome, "code", code)
                .publishPercentileHistogram()
                .register(registry)
                .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static String typeOf(Object command) {
        if (command instanceof ProcessUpdateCommand update) {
            return update.type().wireName();
        }
        return command instanceof CreateProcessCommand ? "create" : "other";
    }
}
