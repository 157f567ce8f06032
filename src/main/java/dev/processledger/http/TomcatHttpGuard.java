package dev.processledger.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.config.LedgerProperties;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.coyote.Processor;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The one place that uses Tomcat's internals (Tomcat 11.0; the same hooks as Tomcat 10.1 had). The servlet API sees a
 * request only once its headers are in, and Tomcat answers some errors itself, so these need the connector:
 * <ul>
 * <li>a client address holding {@code ledger.http.max-connections-per-address} connections has further ones closed
 * as they are accepted;</li>
 * <li>a connection whose request line and headers are still arriving {@code ledger.http.read-timeout} after their
 * first byte is closed (Tomcat's own timeout is per read, so a byte now and then keeps it open for ever);</li>
 * <li>a request {@link RequestBodyFilter} refused has its connection closed without Tomcat reading its body, and a
 * client that sends {@code Expect: 100-continue} is told to go on only when its body is read;</li>
 * <li>errors Tomcat answers itself (a malformed request line or header, an encoded slash...) are problem bodies
 * instead of its HTML page.</li>
 * </ul>
 */
@Component
public class TomcatHttpGuard implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(TomcatHttpGuard.class);

    private final LedgerProperties.Http http;
    private final ObjectMapper json;

    public TomcatHttpGuard(LedgerProperties properties, ObjectMapper json) {
        this.http = properties.http();
        this.json = json;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.setProtocol(GuardedProtocol.class.getName());
        factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof GuardedProtocol protocol) {
                protocol.endpoint()
                        .guard(
                                http.maxConnectionsPerAddress(),
                                http.readTimeout().toNanos());
                // "100 Continue" only once the body is read: a client that asks first learns of a 413 before sending.
                protocol.setContinueResponseTiming("onRead");
            }
        });
        factory.addContextValves(new RequestValve());
        factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ProblemReportValve(json));
            // The host adds a default error valve at start unless one of this class is already there.
            host.setErrorReportValveClass(ProblemReportValve.class.getName());
        });
    }

    /** After Spring Boot's own customizer, which installs Tomcat's HTML error valve that this one replaces. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Tomcat's NIO HTTP/1.1 connector with {@link GuardedEndpoint}; created by class name, hence public. */
    public static class GuardedProtocol extends Http11NioProtocol {

        public GuardedProtocol() {
            super(new GuardedEndpoint());
        }

        GuardedEndpoint endpoint() {
            return (GuardedEndpoint) getEndpoint();
        }
    }

    static final class GuardedEndpoint extends NioEndpoint {

        private final ConcurrentMap<String, Integer> perAddress = new ConcurrentHashMap<>();
        private volatile int maxPerAddress;
        private volatile long readTimeoutNanos;
        private ScheduledFuture<?> watchdog;

        GuardedEndpoint() {
            // Tomcat registers every connection in this map when it is accepted and removes it when it is closed.
            connections = new CountedConnections();
        }

        void guard(int maxConnectionsPerAddress, long readTimeoutNanos) {
            this.maxPerAddress = maxConnectionsPerAddress;
            this.readTimeoutNanos = readTimeoutNanos;
        }

        /** Called by the acceptor thread alone, so counting and refusing cannot race with another accept. */
        @Override
        protected boolean setSocketOptions(SocketChannel socket) {
            String address = addressOf(socket);
            if (maxPerAddress > 0 && address != null && perAddress.getOrDefault(address, 0) >= maxPerAddress) {
                log.debug("Connection refused: its address holds {} connections", maxPerAddress);
                // No wrapper exists yet, so the acceptor's own clean-up would leave the socket open: close it here.
                destroySocket(socket);
                return false;
            }
            return super.setSocketOptions(socket);
        }

        @Override
        public void startInternal() throws Exception {
            super.startInternal();
            if (readTimeoutNanos > 0) {
                watchdog = getUtilityExecutor()
                        .scheduleWithFixedDelay(this::cutOffLateRequestHeads, 1, 1, TimeUnit.SECONDS);
            }
        }

        @Override
        public void stopInternal() {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            super.stopInternal();
        }

        private void cutOffLateRequestHeads() {
            try {
                long now = System.nanoTime();
                for (SocketWrapperBase<NioChannel> connection : connections.values()) {
                    // Between reads Tomcat leaves a processor with a connection only while its request line or headers
                    // are incomplete, or while its request is asynchronous or upgraded.
                    if (connection.getCurrentProcessor() instanceof Processor processor
                            && !processor.isAsync()
                            && !processor.isUpgrade()) {
                        long started = processor.getRequest().getStartTimeNanos();
                        if (started != -1 && now - started > readTimeoutNanos && !connection.isClosed()) {
                            // What Tomcat's poller does to a connection idle for too long: a worker closes it, in turn
                            // with any read being processed for it.
                            connection.processSocket(SocketEvent.ERROR, true);
                        }
                    }
                }
            } catch (RuntimeException e) {
                // A scheduled task that throws is never run again.
                log.warn("Could not check request heads for their deadline", e);
            }
        }

        private static String addressOf(SocketChannel socket) {
            try {
                return socket.getRemoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
                        ? inet.getAddress().getHostAddress()
                        : null;
            } catch (IOException closed) {
                return null;
            }
        }

        /** Counts open connections per client address as Tomcat adds and removes them. */
        private final class CountedConnections extends ConcurrentHashMap<SocketChannel, SocketWrapperBase<NioChannel>> {

            private final ConcurrentMap<SocketChannel, String> addresses = new ConcurrentHashMap<>();

            @Override
            public SocketWrapperBase<NioChannel> put(SocketChannel socket, SocketWrapperBase<NioChannel> connection) {
                SocketWrapperBase<NioChannel> previous = super.put(socket, connection);
                String address = addressOf(socket);
                if (previous == null && address != null) {
                    addresses.put(socket, address);
                    perAddress.merge(address, 1, Integer::sum);
                }
                return previous;
            }

            @Override
            public SocketWrapperBase<NioChannel> remove(Object socket) {
                SocketWrapperBase<NioChannel> removed = super.remove(socket);
                String address = removed == null ? null : addresses.remove(socket);
                if (address != null) {
                    perAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
                }
                return removed;
            }
        }
    }

    /**
     * Tells {@link RequestBodyFilter} when the request's first byte arrived, and closes the connection of a request it
     * refused: Tomcat would otherwise read the rest of the body (as slowly as the client sends it) before answering.
     */
    static final class RequestValve extends ValveBase {

        RequestValve() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            long started = request.getCoyoteRequest().getStartTimeNanos();
            if (started != -1) {
                request.setAttribute(RequestBodyFilter.RECEIVED_AT, started);
            }
            try {
                getNext().invoke(request, response);
            } finally {
                if (request.getAttribute(RequestBodyFilter.CLOSE_CONNECTION) != null) {
                    request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
                }
            }
        }
    }

    /** Tomcat's error report as a problem body, for the errors it answers before the application sees the request. */
    static final class ProblemReportValve extends ErrorReportValve {

        private final ObjectMapper json;

        ProblemReportValve(ObjectMapper json) {
            this.json = json;
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(true);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            try {
                byte[] body = json.writeValueAsBytes(Problems.forStatus(status));
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                log.debug("Could not write the error report: {}", e.getClass().getName());
            }
        }
    }
}
