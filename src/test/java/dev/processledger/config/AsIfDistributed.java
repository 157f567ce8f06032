package dev.processledger.config;

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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The command bus as Axon Server's connector makes it, with no server running: the handling side is the local
 * segment as the axonserver profile decorates it (the same post-processor), and every failure reaches the sender
 * converted by Axon's own {@link ExceptionSerializer} and {@link ErrorCode}, its details through the message
 * serializer and back.
 */
@TestConfiguration(proxyBeanMethods = false)
public class AsIfDistributed {

    /** Failures that crossed the simulated bus, in every context that uses it. */
    public static final AtomicInteger DELIVERED_REMOTELY = new AtomicInteger();

    @Bean
    static BeanPostProcessor distributedFailures(
            @Qualifier("messageSerializer") ObjectProvider<Serializer> serializer,
            ConfigurableListableBeanFactory beans) {
        BeanPostProcessor handlingSide = AxonConfig.lostRaceDetails(beans);
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof CommandBus && !(bean instanceof Remote)
                        ? new Remote((CommandBus) handlingSide.postProcessAfterInitialization(bean, name), serializer)
                        : bean;
            }
        };
    }

    /** The sender's view of a distributed bus: failures arrive converted, details serialized and read back. */
    static final class Remote implements CommandBus {

        private final CommandBus handlingSide;
        private final ObjectProvider<Serializer> serializer;

        Remote(CommandBus handlingSide, ObjectProvider<Serializer> serializer) {
            this.handlingSide = handlingSide;
            this.serializer = serializer;
        }

        @Override
        public <C> void dispatch(CommandMessage<C> command) {
            handlingSide.dispatch(command);
        }

        @Override
        public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
            handlingSide.dispatch(
                    command, (CommandMessage<? extends C> message, CommandResultMessage<? extends R> result) -> {
                        if (!result.isExceptional()) {
                            callback.onResult(message, result);
                            return;
                        }
                        Throwable failure = result.exceptionResult();
                        Object details = HandlerExecutionException.resolveDetails(failure)
                                .orElse(null);
                        SerializedObject<byte[]> sent =
                                details == null ? null : serializer.getObject().serialize(details, byte[].class);
                        Throwable delivered = ErrorCode.getCommandExecutionErrorCode(failure)
                                .convert(
                                        ExceptionSerializer.serialize("handler-instance", failure),
                                        () -> sent == null
                                                ? null
                                                : serializer.getObject().deserialize(sent));
                        DELIVERED_REMOTELY.incrementAndGet();
                        callback.onResult(message, GenericCommandResultMessage.asCommandResultMessage(delivered));
                    });
        }

        @Override
        public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
            return handlingSide.subscribe(commandName, handler);
        }

        @Override
        public Registration registerHandlerInterceptor(
                MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
            return handlingSide.registerHandlerInterceptor(interceptor);
        }

        @Override
        public Registration registerDispatchInterceptor(
                MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
            return handlingSide.registerDispatchInterceptor(interceptor);
        }
    }
}
