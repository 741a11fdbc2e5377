package dev.sockeye.sockets.wasi;

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

    /** The sum of all buffer lengths, capped to what one call can move. */
    public int totalLength() {
        return (int) Math.min(totalLength, Integer.MAX_VALUE);
    }

    /** Copies the guest's buffers, in order, into one array of at most {@code limit} bytes. */
    public byte[] gather(GuestMemory memory, int limit) {
        byte[] data = new byte[Math.min(limit, totalLength())];
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

    /** Copies {@code length} bytes of {@code data} into the guest's buffers in order; returns how many fit. */
    public int scatter(GuestMemory memory, byte[] data, int offset, int length) {
        int copied = 0;
        for (int i = 0; i < bufferAddresses.length && copied < length; i++) {
            int put = Math.min(bufferLengths[i], length - copied);
            if (put > 0) {
                memory.write(bufferAddresses[i], data, offset + copied, put);
                copied += put;
            }
        }
        return copied;
    }
}
