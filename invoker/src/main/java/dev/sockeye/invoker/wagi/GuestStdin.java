package dev.sockeye.invoker.wagi;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The guest's stdin: the request body as it arrives, read by the guest's thread (which blocks while nothing has
 * come yet). The request stays paused until the guest first reads, and is paused again whenever more than
 * {@code highWaterBytes} wait unread, so a guest that reads slowly holds back a fast client instead of filling the
 * heap. Bodies are counted as they stream: past {@code maxBytes} the stream fails and {@code onTooLarge} runs.
 *
 * <p>Threading: the Vert.x handlers run on the request's event loop; {@link #read} on the guest thread. Pause and
 * resume hop back to the event loop.
 */
public final class GuestStdin extends InputStream {
    private final HttpServerRequest request;
    private final Context eventLoop;
    private final long maxBytes;
    private final int highWaterBytes;
    private final Runnable onTooLarge;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Buffer> chunks = new ArrayDeque<>();
    private int headOffset;
    private long queuedBytes;
    private long receivedBytes;
    private boolean ended;
    private boolean paused;
    private boolean discarding;
    private IOException failure;

    /** Call on the request's event loop, before the request handler returns. */
    public GuestStdin(
            HttpServerRequest request, Context eventLoop, long maxBytes, int highWaterBytes, Runnable onTooLarge) {
        this.request = request;
        this.eventLoop = eventLoop;
        this.maxBytes = maxBytes;
        this.highWaterBytes = highWaterBytes;
        this.onTooLarge = onTooLarge;
        // Paused until the guest reads, so a body waits in the kernel, not in memory. An HTTP/1 request whose
        // headers announce no body is left running: its end arrives at once, and no resume has to hop back to the
        // event loop when the guest finishes.
        paused = mayHaveBody(request);
        if (paused) {
            request.pause();
        }
        request.handler(this::onChunk);
        request.endHandler(v -> onEnd());
        request.exceptionHandler(this::onError);
    }

    /** False only for an HTTP/1 request without Content-Length (or with 0) and without Transfer-Encoding. */
    private static boolean mayHaveBody(HttpServerRequest request) {
        if (request.version() == io.vertx.core.http.HttpVersion.HTTP_2) {
            return true; // DATA frames may follow without either header
        }
        String length = request.getHeader("Content-Length");
        return request.getHeader("Transfer-Encoding") != null
                || (length != null && !length.strip().equals("0"));
    }

    private void onChunk(Buffer chunk) {
        boolean tooLarge;
        lock.lock();
        try {
            receivedBytes += chunk.length();
            tooLarge = receivedBytes > maxBytes && failure == null;
            if (tooLarge) {
                failure = new IOException("request body over " + maxBytes + " bytes");
                chunks.clear();
                queuedBytes = 0;
            } else if (!discarding && failure == null) {
                chunks.add(chunk);
                queuedBytes += chunk.length();
                if (queuedBytes > highWaterBytes && !paused) {
                    paused = true;
                    request.pause();
                }
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        if (tooLarge) {
            request.pause();
            onTooLarge.run();
        }
    }

    private void onEnd() {
        lock.lock();
        try {
            ended = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void onError(Throwable error) {
        lock.lock();
        try {
            if (failure == null) {
                failure = new IOException("request body: " + error.getMessage(), error);
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int count = read(one, 0, 1);
        return count < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        lock.lock();
        try {
            while (chunks.isEmpty()) {
                if (failure != null) {
                    throw failure;
                }
                if (ended) {
                    return -1;
                }
                resumeIfPaused();
                try {
                    arrived.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the request body");
                }
            }
            Buffer head = chunks.peek();
            int count = Math.min(length, head.length() - headOffset);
            head.getBytes(headOffset, headOffset + count, into, offset);
            headOffset += count;
            queuedBytes -= count;
            if (headOffset == head.length()) {
                chunks.poll();
                headOffset = 0;
            }
            if (queuedBytes <= highWaterBytes / 2) {
                resumeIfPaused();
            }
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held. */
    private void resumeIfPaused() {
        if (paused && failure == null && !ended) {
            paused = false;
            eventLoop.runOnContext(v -> request.resume());
        }
    }

    /**
     * The guest is done: whatever of the body is still coming is read and dropped, so the connection can serve
     * the next request. Not after a too-large body, whose connection is closed instead.
     */
    public void discardRest() {
        lock.lock();
        try {
            discarding = true;
            chunks.clear();
            queuedBytes = 0;
            resumeIfPaused();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the body went over the limit. */
    public boolean tooLarge() {
        lock.lock();
        try {
            return receivedBytes > maxBytes;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        discardRest();
    }
}
