package dev.processledger.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client's stream. The feed only ever offers messages to a bounded queue, so a slow client can never hold
 * up the feed or other clients: when its queue is full it is dropped. Its own thread writes to the socket.
 */
final class LiveConnection implements Runnable {

    /** Something to write: a process update, a keep-alive comment, or the reason the stream ends. */
    private record Item(ProcessUpdate update, String comment, String endReason) {}

    private final SseEmitter emitter;
    private final String orgId;
    private final UUID tokenId;
    private final String processFilter;
    private final BlockingQueue<Item> queue;
    private final Supplier<Catchup> catchup;
    private final Consumer<LiveConnection> onClose;
    private final AtomicBoolean open = new AtomicBoolean(true);

    /** What to send before live messages: an optional reset notice, then the changes the client missed. */
    record Catchup(String resetReason, Long resetFrom, List<ProcessUpdate> missed) {

        static final Catchup NONE = new Catchup(null, null, List.of());

        Set<Long> positions() {
            return Set.copyOf(missed.stream().map(ProcessUpdate::position).toList());
        }
    }

    LiveConnection(
            SseEmitter emitter,
            String orgId,
            UUID tokenId,
            String processFilter,
            int bufferSize,
            Supplier<Catchup> catchup,
            Consumer<LiveConnection> onClose) {
        this.emitter = emitter;
        this.orgId = orgId;
        this.tokenId = tokenId;
        this.processFilter = processFilter;
        this.queue = new ArrayBlockingQueue<>(bufferSize);
        this.catchup = catchup;
        this.onClose = onClose;
        emitter.onCompletion(this::close);
        emitter.onTimeout(this::close);
        emitter.onError(e -> close());
    }

    UUID tokenId() {
        return tokenId;
    }

    String orgId() {
        return orgId;
    }

    /** Queues an update for this client if it is one of its organization's (and its process filter's). */
    void offer(ProcessUpdate update) {
        if (update.orgId().equals(orgId) && wanted(update) && !queue.offer(new Item(update, null, null))) {
            drop();
        }
    }

    void keepAlive() {
        if (!queue.offer(new Item(null, "keep-alive", null))) {
            drop();
        }
    }

    /**
     * Ends the stream after telling the client why ({@code event: closed}), e.g. because its token was revoked or
     * expired. A client whose queue is full is simply disconnected.
     */
    void end(String reason) {
        if (!queue.offer(new Item(null, null, reason))) {
            drop();
        }
    }

    /**
     * Runs once the connection is registered, so changes made while the missed ones are read are queued, not
     * lost; those already sent as missed are skipped. Whatever ends it, the connection is closed and its place
     * freed.
     */
    @Override
    public void run() {
        try {
            // sent first, so the client has the status line and headers at once, not at the first change
            emitter.send(SseEmitter.event()
                    .name("connected")
                    .data(new Notice("connected", null), MediaType.APPLICATION_JSON));
            Catchup catchup = this.catchup.get();
            if (catchup.resetReason() != null) {
                emitter.send(SseEmitter.event()
                        .name("reset")
                        .data(new Reset(catchup.resetReason(), catchup.resetFrom()), MediaType.APPLICATION_JSON));
            }
            for (ProcessUpdate update : catchup.missed()) {
                if (wanted(update)) {
                    send(update);
                }
            }
            Set<Long> alreadySent = catchup.positions();
            while (open.get()) {
                Item item = queue.poll(1, TimeUnit.SECONDS);
                if (item == null) {
                    continue;
                }
                if (item.endReason() != null) {
                    emitter.send(SseEmitter.event()
                            .name("closed")
                            .data(new Notice("closed", item.endReason()), MediaType.APPLICATION_JSON));
                    return;
                } else if (item.comment() != null) {
                    emitter.send(SseEmitter.event().comment(item.comment()));
                } else if (!alreadySent.contains(item.update().position())) {
                    send(item.update());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // the client went away, the emitter completed, or the catch-up could not be read: end this stream
        } finally {
            close();
            completeQuietly();
        }
    }

    /** The first message after a reconnect whose Last-Event-ID could not be honoured. */
    record Reset(String reason, Long from) {}

    /** The {@code connected} message that opens every stream, and the {@code closed} one that ends it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Notice(String type, String reason) {}

    private void send(ProcessUpdate update) throws IOException {
        emitter.send(SseEmitter.event()
                .id(Long.toString(update.position()))
                .name("process_update")
                .data(update.payload(), MediaType.APPLICATION_JSON));
    }

    private boolean wanted(ProcessUpdate update) {
        return processFilter == null || processFilter.equals(update.process().processId());
    }

    /**
     * A client that cannot keep up is disconnected; it reconnects with Last-Event-ID and catches up. Only marks
     * the connection closed: completing the emitter could wait for a write blocked on the client's socket, so
     * that is left to this connection's own writer thread.
     */
    private void drop() {
        close();
    }

    void close() {
        if (open.compareAndSet(true, false)) {
            onClose.accept(this);
        }
    }

    /** Ends the stream at shutdown; the writer thread completes the emitter as it leaves. */
    void shutdown() {
        close();
    }

    private void completeQuietly() {
        try {
            emitter.complete();
        } catch (RuntimeException alreadyDone) {
            // completed or failed before: nothing left to end
        }
    }
}
