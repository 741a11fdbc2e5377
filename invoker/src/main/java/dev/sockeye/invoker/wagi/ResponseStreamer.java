package dev.sockeye.invoker.wagi;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The guest's stdout, turned into the HTTP response: the CGI header block is parsed first, then the body streams to
 * the client as the guest writes it (chunked unless the guest set Content-Length); the status line and headers
 * leave with the first body bytes or the end of the run. This is the one hand-off between
 * the guest's thread and the event loop for the response:
 * <ul>
 *   <li>the guest thread appends to a pending buffer and schedules at most one flush task at a time, so writes made
 *       in a burst leave as one chunk, and a guest that finishes before the first flush is answered with a plain
 *       Content-Length response;</li>
 *   <li>at most {@code windowBytes} may be pending or handed to Vert.x but not yet written to the socket; beyond
 *       that the guest blocks in its write until the client catches up (backpressure);</li>
 *   <li>if the client goes away, writes fail with an IOException (EIO for the guest) and {@code onClientGone}
 *       runs (the invocation interrupts the guest);</li>
 *   <li>a write that would take the body past {@code maxBodyBytes} fails the same way, nothing of it is sent, and
 *       {@code onStop} runs; the invocation then answers 502, or resets a response already started;</li>
 *   <li>output that cannot become a valid header block (over the header limit, a malformed line) fails the
 *       write that showed it and every later one, and {@code onStop} runs: the answer is a 502 at once.</li>
 * </ul>
 */
public final class ResponseStreamer extends OutputStream {
    private enum Phase {
        HEAD,
        BODY,
        BAD,
        TOO_LARGE
    }

    private final HttpServerResponse response;
    private final Context eventLoop;
    private final int windowBytes;
    private final long maxBodyBytes;
    private final Runnable onStop;
    private final CgiResponseParser parser;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition credit = lock.newCondition();
    private final CompletableFuture<Integer> sent = new CompletableFuture<>();
    private Phase phase = Phase.HEAD;
    private String badReason;
    private CgiResponseHead head;
    private Buffer pending = Buffer.buffer();
    private long inFlight;
    private boolean flushScheduled;
    private boolean committed;
    private boolean finished;
    private boolean abort;
    private TriggerProblem problem;
    private boolean clientGone;
    private long bodyBytes;

    /** Call on the response's event loop. */
    public ResponseStreamer(
            HttpServerResponse response,
            Context eventLoop,
            int windowBytes,
            int maxHeaderBytes,
            long maxBodyBytes,
            Runnable onClientGone,
            Runnable onStop) {
        this.response = response;
        this.eventLoop = eventLoop;
        this.windowBytes = windowBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.onStop = onStop;
        this.parser = new CgiResponseParser(maxHeaderBytes);
        response.closeHandler(v -> {
            boolean early;
            lock.lock();
            try {
                clientGone = true;
                early = !sent.isDone();
                credit.signalAll();
            } finally {
                lock.unlock();
            }
            if (early) {
                onClientGone.run();
                sent.complete(499); // nginx's "client closed request": the metrics label when nobody got an answer
            }
        });
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        boolean overflow = false;
        boolean invalidHead = false;
        lock.lock();
        try {
            if (clientGone) {
                throw new IOException("the client closed the connection");
            }
            switch (phase) {
                case BAD -> throw invalidHead();
                case TOO_LARGE -> throw overLimit();
                case HEAD -> {
                    switch (parser.feed(bytes, offset, length)) {
                        case CgiResponseParser.NeedMore more -> {}
                        case CgiResponseParser.Invalid invalid -> {
                            phase = Phase.BAD;
                            badReason = invalid.reason();
                            invalidHead = true;
                        }
                        case CgiResponseParser.Complete complete -> {
                            phase = Phase.BODY;
                            head = complete.head();
                            overflow = !appendBody(complete.bodyStart(), 0, complete.bodyStart().length);
                        }
                    }
                }
                case BODY -> {
                    while (pending.length() + inFlight >= windowBytes && !clientGone) {
                        try {
                            credit.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("interrupted while the client was slow to read");
                        }
                    }
                    if (clientGone) {
                        throw new IOException("the client closed the connection");
                    }
                    overflow = !appendBody(bytes, offset, length);
                }
            }
        } finally {
            lock.unlock();
        }
        if (overflow) {
            onStop.run();
            throw overLimit();
        }
        if (invalidHead) {
            // Already a 502: the guest is stopped, so one that writes forever ends here, not at its timeout.
            onStop.run();
            throw invalidHead();
        }
    }

    private IOException invalidHead() {
        return new IOException("the response's CGI header block is invalid: " + badReason);
    }

    /** Whether the guest's output can no longer become a valid header block (the answer is a 502). */
    public boolean headInvalid() {
        return underLock(() -> phase == Phase.BAD);
    }

    /** Queues body bytes for the client if they fit the body limit, else marks the response too large; locked. */
    private boolean appendBody(byte[] bytes, int offset, int length) {
        if (length > maxBodyBytes - bodyBytes) {
            phase = Phase.TOO_LARGE;
            return false;
        }
        pending.appendBytes(bytes, offset, length);
        bodyBytes += length;
        scheduleFlush();
        return true;
    }

    private IOException overLimit() {
        return new IOException("the response body would exceed the function's limit of " + maxBodyBytes + " bytes");
    }

    /** Whether the guest tried to write more body than the function's limit allows. */
    public boolean tooLarge() {
        return underLock(() -> phase == Phase.TOO_LARGE);
    }

    /** Reads state the guest thread and the event loop share. */
    private <T> T underLock(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    /** Completes with the status the client got (499 if it left first) once the response is out. */
    public CompletableFuture<Integer> answered() {
        return sent;
    }

    /** Whether the guest wrote a complete, valid header block. */
    public boolean headComplete() {
        return underLock(() -> phase == Phase.BODY || phase == Phase.TOO_LARGE);
    }

    /** Why the guest's header block is invalid, or, if it wrote none, a note of how much it wrote. */
    public String headProblem() {
        return underLock(() -> badReason != null
                ? badReason
                : parser.bytesSeen() == 0 ? "no output" : "output ended inside the header block");
    }

    /** Whether the status line has gone to the client (so a failure can no longer change it). */
    public boolean committed() {
        return underLock(() -> committed);
    }

    /** Body bytes the guest wrote. */
    public long bodyBytes() {
        return underLock(() -> bodyBytes);
    }

    /**
     * The run is over. With a problem: answer it instead of the guest's response if nothing was committed yet
     * (otherwise the connection is reset, so the client sees a truncated response). Without: send what is pending
     * and end the response; with {@code abortIfCommitted}, reset instead of ending a started response.
     *
     * @return completes with the status the client got (499 if it left first) once the response is out
     */
    public CompletableFuture<Integer> finish(TriggerProblem failure, boolean abortIfCommitted) {
        lock.lock();
        try {
            finished = true;
            problem = failure;
            abort = abortIfCommitted || failure != null;
            scheduleFlush();
        } finally {
            lock.unlock();
        }
        return sent;
    }

    /** Answers a problem at once (the guest never ran). Call on any thread. */
    public CompletableFuture<Integer> fail(TriggerProblem failure) {
        return finish(failure, true);
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            eventLoop.runOnContext(v -> sendPending());
        }
    }

    /** On the event loop. */
    private void sendPending() {
        Buffer chunk;
        boolean end;
        boolean first;
        TriggerProblem answer;
        boolean reset;
        lock.lock();
        try {
            flushScheduled = false;
            if (sent.isDone()) {
                pending = Buffer.buffer();
                return;
            }
            chunk = pending;
            pending = Buffer.buffer();
            end = finished;
            first = !committed;
            answer = problem != null && first ? problem : null;
            reset = end && abort && !first;
            // The status line goes out with the first body bytes (or the end), not alone: until then a failure,
            // such as a body over the limit, can still become a proper error response.
            if (answer == null && !reset && (chunk.length() > 0 || end)) {
                committed = head != null;
            }
            inFlight += chunk.length();
        } finally {
            lock.unlock();
        }
        if (answer != null || (first && end && head == null)) {
            release(chunk.length());
            TriggerProblem problemToSend = answer != null
                    ? answer
                    : new TriggerProblem(500, "Internal Server Error", "the run ended without a response", 0);
            // Completed first, so the invocation is recorded by the time the client has its answer.
            sent.complete(problemToSend.status());
            problemToSend.send(response);
            return;
        }
        if (reset) {
            release(chunk.length());
            sent.complete(response.getStatusCode());
            response.reset();
            return;
        }
        if (head == null || (first && chunk.length() == 0 && !end)) {
            release(chunk.length());
            return;
        }
        if (first) {
            sendHead(end);
        }
        int length = chunk.length();
        if (end) {
            sent.complete(response.getStatusCode());
            response.end(chunk).onComplete(ar -> release(length));
        } else if (length > 0) {
            response.write(chunk).onComplete(ar -> release(length));
        }
    }

    private void sendHead(boolean end) {
        response.setStatusCode(head.status());
        if (head.reason() != null) {
            response.setStatusMessage(head.reason());
        }
        boolean hasLength = false;
        for (Map.Entry<String, String> header : head.headers()) {
            String name = header.getKey();
            if (name.equalsIgnoreCase("Transfer-Encoding") || name.equalsIgnoreCase("Connection")) {
                continue; // hop-by-hop: the invoker owns the connection
            }
            if (name.equalsIgnoreCase(TriggerProblem.INVOCATION_ID_HEADER)) {
                continue; // the invoker's, so a guest cannot point a caller at another invocation's audit
            }
            hasLength |= name.equalsIgnoreCase("Content-Length");
            response.headers().add(name, header.getValue());
        }
        if (!end && !hasLength) {
            response.setChunked(true);
        }
    }

    private void release(long bytes) {
        lock.lock();
        try {
            inFlight -= bytes;
            credit.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
