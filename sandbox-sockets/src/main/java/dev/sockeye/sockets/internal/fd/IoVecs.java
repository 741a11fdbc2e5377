package dev.sockeye.sockets.internal.fd;

/**
 * A guest's iovec or ciovec array ({@code u32 buf; u32 buf_len} per entry), read and bounds-checked once.
 * Reading or writing through it gathers or scatters across the buffers in order.
 */
public final class IoVecs {
    /** wasi-libc's IOV_MAX; more entries than this is EINVAL, like writev(2). */
    public static final int MAX_ENTRIES = 1024;

    private final int[] bufferAddresses;
    private final int[] bufferLengths;
    private final long totalLength;

    private IoVecs(int[] bufferAddresses, int[] bufferLengths, long totalLength) {
        this.bufferAddresses = bufferAddresses;
        this.bufferLengths = bufferLengths;
        this.totalLength = totalLength;
    }

    public static IoVecs read(GuestMemory memory, int iovsAddress, int count) {
        if (count < 0 || count > MAX_ENTRIES) {
            throw new WasiException(Errno.INVAL, "iovec count " + Integer.toUnsignedLong(count));
        }
        memory.checkRange(iovsAddress, 8L * count);
        int[] addresses = new int[count];
        int[] lengths = new int[count];
        long total = 0;
        for (int i = 0; i < count; i++) {
            addresses[i] = memory.readI32(iovsAddress + 8 * i);
            lengths[i] = memory.readI32(iovsAddress + 8 * i + 4);
            memory.checkRange(addresses[i], Integer.toUnsignedLong(lengths[i]));
            total += Integer.toUnsignedLong(lengths[i]);
        }
        return new IoVecs(addresses, lengths, total);
    }

    /** The same buffers without their first {@code skipped} bytes: where a call that moved that many goes on. */
    public IoVecs after(int skipped) {
        int index = 0;
        long left = skipped;
        while (index < bufferLengths.length && left >= Integer.toUnsignedLong(bufferLengths[index])) {
            left -= Integer.toUnsignedLong(bufferLengths[index]);
            index++;
        }
        int count = bufferLengths.length - index;
        int[] addresses = new int[count];
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++) {
            addresses[i] = bufferAddresses[index + i];
            lengths[i] = bufferLengths[index + i];
        }
        if (count > 0) {
            addresses[0] += (int) left;
            lengths[0] -= (int) left;
        }
        return new IoVecs(addresses, lengths, Math.max(0, totalLength - skipped));
    }

    /** The sum of all buffer lengths, capped to what one call can move. */
    public int totalLength() {
        return (int) Math.min(totalLength, Integer.MAX_VALUE);
    }

    /** Copies the guest's buffers, in order, into one array of at most {@code limit} bytes. */
    public byte[] gather(GuestMemory memory, int limit) {
        int size = Math.min(limit, totalLength());
        int only = onlyNonEmptyBuffer();
        if (only >= 0) {
            // One buffer with data (stdio's usual call: its buffer and an empty one): one copy, not two.
            return memory.readBytes(
                    bufferAddresses[only], (int) Math.min(size, Integer.toUnsignedLong(bufferLengths[only])));
        }
        byte[] data = new byte[size];
        int filled = 0;
        for (int i = 0; i < bufferAddresses.length && filled < data.length; i++) {
            int take = Math.min(bufferLengths[i], data.length - filled);
            if (take > 0) {
                byte[] chunk = memory.readBytes(bufferAddresses[i], take);
                System.arraycopy(chunk, 0, data, filled, take);
                filled += take;
            }
        }
        return data;
    }

    /** The index of the one non-empty buffer, or -1 if none or several have data. */
    private int onlyNonEmptyBuffer() {
        int only = -1;
        for (int i = 0; i < bufferLengths.length; i++) {
            if (bufferLengths[i] != 0) {
                if (only >= 0) {
                    return -1;
                }
                only = i;
            }
        }
        return only;
    }

    /** Copies {@code length} bytes of {@code data} into the guest's buffers in order; returns how many fit. */
    public int scatter(GuestMemory memory, byte[] data, int offset, int length) {
        return filler(memory).write(data, offset, length);
    }

    /** A cursor that fills the guest's buffers in order from successive chunks. */
    public Filler filler(GuestMemory memory) {
        return new Filler(memory);
    }

    /** Fills the buffers of an {@link IoVecs} chunk by chunk, so data need not be gathered into one array first. */
    public final class Filler {
        private final GuestMemory memory;
        private int bufferIndex;
        private int positionInBuffer;
        private int filled;

        private Filler(GuestMemory memory) {
            this.memory = memory;
        }

        /** Copies as much of {@code data[offset, offset + length)} as fits; returns how many bytes it copied. */
        public int write(byte[] data, int offset, int length) {
            int copied = 0;
            while (copied < length && bufferIndex < bufferAddresses.length) {
                int room = bufferLengths[bufferIndex] - positionInBuffer;
                if (room <= 0) {
                    bufferIndex++;
                    positionInBuffer = 0;
                    continue;
                }
                int put = Math.min(room, length - copied);
                memory.write(bufferAddresses[bufferIndex] + positionInBuffer, data, offset + copied, put);
                positionInBuffer += put;
                copied += put;
            }
            filled += copied;
            return copied;
        }

        /** Bytes written so far. */
        public int filled() {
            return filled;
        }
    }
}
