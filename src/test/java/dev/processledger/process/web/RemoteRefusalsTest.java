package dev.processledger.process.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.axonserver.connector.ErrorCode;
import org.axonframework.axonserver.connector.util.ExceptionSerializer;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.common.Registration;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Refusals answer the same when the command bus is distributed (Axon Server): every failure a command ends with
 * is handed back the way Axon Server's connector delivers it to the sender (Axon's own {@link ExceptionSerializer}
 * and {@link ErrorCode}, the details through the message serializer and back), with no server running.
 */
@H2Store
@Import(RemoteRefusalsTest.AsIfDistributed.class)
class RemoteRefusalsTest extends ApiTestSupport {

    static final AtomicInteger DELIVERED_REMOTELY = new AtomicInteger();

    @Test
    void aRefusalIsAnsweredAsLocally() {
        String id = createProcess(uniqueNamespace(), "build", "deploy");
        accepted(id, "{\"type\":\"completed\"}");
        int before = DELIVERED_REMOTELY.get();

        Api.Response refused = refused(() -> update(id, "{\"type\":\"step_started\",\"step\":\"build\"}"));

        assertThat(DELIVERED_REMOTELY.get()).as("the failure crossed the simulated bus").isGreaterThan(before);
        assertProblem(refused, 409, "process-finished", null);
        assertThat(refused.text("code")).isEqualTo("process_finished");
        assertThat(refused.text("process_id")).isEqualTo(id);
        assertThat(refused.text("current_status")).isEqualTo("completed");
        String running = createProcess(uniqueNamespace(), "build");
        assertInvalid(refused(() -> update(running, "{\"type\":\"step_started\",\"step\":\"nope\"}")), "step");
    }

    @Test
    void anUnknownProcessIsNotFound() {
        assertProblem(refused(() -> update(UUID.randomUUID().toString(), "{\"type\":\"step_started\",\"step\":\"a\"}")),
                404, "not-found", "Process not found");
    }

    /** Wraps the command bus so each failure reaches the sender as a distributed bus delivers it. */
    @TestConfiguration(proxyBeanMethods = false)
    static class AsIfDistributed {

        @Bean
        static BeanPostProcessor distributedFailures(@Qualifier("messageSerializer") ObjectProvider<Serializer> serializer) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof CommandBus bus && !(bean instanceof Remote)
                            ? new Remote(bus, serializer) : bean;
                }
            };
        }
    }

    /** The sender's view of a distributed bus: failures arrive converted, details serialized and read back. */
    static final class Remote implements CommandBus {

        private final CommandBus local;
        private final ObjectProvider<Serializer> serializer;

        Remote(CommandBus local, ObjectProvider<Serializer> serializer) {
            this.local = local;
            this.serializer = serializer;
        }

        @Override
        public <C> void dispatch(CommandMessage<C> command) {
            local.dispatch(command);
        }

        @Override
        public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
            local.dispatch(command, (CommandMessage<? extends C> message, CommandResultMessage<? extends R> result) -> {
                if (!result.isExceptional()) {
                    callback.onResult(message, result);
                    return;
                }
                Throwable failure = result.exceptionResult();
                Object details = HandlerExecutionException.resolveDetails(failure).orElse(null);
                SerializedObject<byte[]> sent = details == null ? null
                        : serializer.getObject().serialize(details, byte[].class);
                Throwable delivered = ErrorCode.getCommandExecutionErrorCode(failure).convert(
                        ExceptionSerializer.serialize("handler-instance", failure),
                        () -> sent == null ? null : serializer.getObject().deserialize(sent));
                DELIVERED_REMOTELY.incrementAndGet();
                callback.onResult(message, GenericCommandResultMessage.asCommandResultMessage(delivered));
            });
        }

        @Override
        public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
            return local.subscribe(commandName, handler);
        }

        @Override
        public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
            return local.registerHandlerInterceptor(interceptor);
        }

        @Override
        public Registration registerDispatchInterceptor(MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
            return local.registerDispatchInterceptor(interceptor);
        }
    }
}
