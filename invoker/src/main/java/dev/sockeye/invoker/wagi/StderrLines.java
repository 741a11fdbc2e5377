package dev.sockeye.invoker.wagi;

import dev.sockeye.sockets.text.GuestText;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The guest's stderr, cut into lines for the invocation's log. A line longer than {@code maxLineBytes} is cut
 * there; after {@code maxLines} lines the rest is dropped (and one final line says so), so a chatty guest cannot
 * flood the audit sink.
 */
public final class StderrLines extends OutputStream {
    private final Consumer<String> sink;
    private final int maxLineBytes;
    private final int maxLines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int lines;
    private boolean droppedNoted;

    public StderrLines(Consumer<String> sink, int maxLineBytes, int maxLines) {
        this.sink = sink;
        this.maxLineBytes = maxLineBytes;
        this.maxLines = maxLines;
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            if (line.size() >= maxLineBytes) {
                emit();
            }
            line.write(b);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    /** Emits a last line without its newline. */
    @Override
    public void close() {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (lines < maxLines) {
            lines++;
            sink.accept(GuestText.escape(text));
        } else if (!droppedNoted) {
            droppedNoted = true;
            sink.accept("[sockeye] more than " + maxLines + " stderr lines: the rest is dropped");
        }
    }
}
