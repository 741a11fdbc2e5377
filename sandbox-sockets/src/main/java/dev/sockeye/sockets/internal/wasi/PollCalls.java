package dev.sockeye.sockets.internal.wasi;

import static dev.sockeye.sockets.internal.wasi.HostCall.errnoCall;

import dev.sockeye.sockets.internal.fd.Descriptor;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.GuestMemory;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.util.ArrayList;
import java.util.List;

/**
 * poll_oneoff over any mix of clock, fd-read and fd-write subscriptions. Level-triggered: it returns at once
 * with every subscription that is ready, otherwise it sleeps on the instance's hand-off (woken by any socket state
 * change) until something is ready or the earliest clock fires. No busy polling.
 */
final class PollCalls {
    private static final int EVENT_BYTES = 32;
    private static final int EVENT_CLOCK = 0;
    private static final int EVENT_FD_READ = 1;
    private static final int EVENT_FD_WRITE = 2;
    private static final int SUBCLOCK_ABSTIME = 1;
    private static final int EVENT_FLAG_HANGUP = 1;
    /** More subscriptions than this in one call is EINVAL: a guest cannot make the host walk millions of them. */
    private static final int MAX_SUBSCRIPTIONS = 4096;

    private PollCalls() {}

    /**
     * Where a subscription's fields sit. Both snapshots put userdata @0, the tag (u8) @8 and an fd subscription's fd
     * @16; they differ in the clock subscription, which in snapshot 0 starts with a u64 {@code identifier}.
     *
     * @param bytes the size of one subscription
     * @param clockId the offset of the clock subscription's {@code id} (u32)
     * @param timeout the offset of its {@code timeout} (u64)
     * @param flags the offset of its {@code flags} (u16)
     */
    record SubscriptionLayout(int bytes, int clockId, int timeout, int flags) {}

    /** Preview1: {@code subscription_clock} is id @16, timeout @24, precision @32, flags @40; 48 bytes in all. */
    static final SubscriptionLayout PREVIEW1 = new SubscriptionLayout(48, 16, 24, 40);

    /** Snapshot 0: identifier @16, id @24, timeout @32, precision @40, flags @48; 56 bytes in all. */
    static final SubscriptionLayout SNAPSHOT0 = new SubscriptionLayout(56, 24, 32, 48);

    static final List<HostCall> CALLS = List.of(call(PREVIEW1));

    /** poll_oneoff reading subscriptions in {@code layout}; events have the same 32-byte layout in both snapshots. */
    static HostCall call(SubscriptionLayout layout) {
        return errnoCall("poll_oneoff", 4, (c, a) -> poll(c, layout, (int) a[0], (int) a[1], (int) a[2], (int) a[3]));
    }

    private record Subscription(long userdata, int type, int fd, long deadlineNanos, Errno clockError) {}

    private record Event(long userdata, Errno error, int type, long readableBytes, boolean hangup) {}

    private static int poll(
            GuestContext context, SubscriptionLayout layout, int in, int out, int count, int eventCountOut) {
        var memory = context.memory();
        if (count <= 0 || count > MAX_SUBSCRIPTIONS) {
            throw new WasiException(
                    Errno.INVAL, "poll_oneoff with " + Integer.toUnsignedLong(count) + " subscriptions");
        }
        memory.checkRange(in, (long) layout.bytes() * count);
        memory.checkRange(out, (long) EVENT_BYTES * count);
        memory.checkRange(eventCountOut, 4);
        var subscriptions = read(memory, layout, in, count);
        long deadline = Long.MAX_VALUE;
        for (Subscription subscription : subscriptions) {
            if (subscription.type == EVENT_CLOCK && subscription.clockError == null) {
                deadline = Math.min(deadline, subscription.deadlineNanos);
            }
        }
        var ready = new ArrayList<Event>();
        long wakeAt = deadline;
        context.network().handoff().await(() -> collect(context, subscriptions, ready), wakeAt);
        if (ready.isEmpty()) {
            collect(context, subscriptions, ready);
        }
        for (int i = 0; i < ready.size(); i++) {
            write(memory, out + EVENT_BYTES * i, ready.get(i));
        }
        memory.writeI32(eventCountOut, ready.size());
        return 0;
    }

    private static List<Subscription> read(GuestMemory memory, SubscriptionLayout layout, int in, int count) {
        var subscriptions = new ArrayList<Subscription>(count);
        for (int i = 0; i < count; i++) {
            int base = in + layout.bytes() * i;
            long userdata = memory.readI64(base);
            int type = memory.readU8(base + 8);
            switch (type) {
                case EVENT_CLOCK -> subscriptions.add(clock(memory, layout, base, userdata));
                case EVENT_FD_READ, EVENT_FD_WRITE ->
                    subscriptions.add(new Subscription(userdata, type, memory.readI32(base + 16), 0, null));
                default -> throw new WasiException(Errno.INVAL, "subscription type " + type);
            }
        }
        return subscriptions;
    }

    private static Subscription clock(GuestMemory memory, SubscriptionLayout layout, int base, long userdata) {
        int clockId = memory.readI32(base + layout.clockId());
        long timeout = memory.readI64(base + layout.timeout());
        boolean absolute = (memory.readU16(base + layout.flags()) & SUBCLOCK_ABSTIME) != 0;
        long now = System.nanoTime();
        try {
            long fromNow = absolute ? timeout - ProcessCalls.now(clockId) : timeout;
            long deadline = fromNow <= 0 ? now : (fromNow > Long.MAX_VALUE - now ? Long.MAX_VALUE - 1 : now + fromNow);
            return new Subscription(userdata, EVENT_CLOCK, 0, deadline, null);
        } catch (WasiException e) {
            return new Subscription(userdata, EVENT_CLOCK, 0, now, e.errno());
        }
    }

    /** Adds every ready subscription's event to {@code ready}; true if there is any. */
    private static boolean collect(GuestContext context, List<Subscription> subscriptions, List<Event> ready) {
        ready.clear();
        long now = System.nanoTime();
        for (Subscription subscription : subscriptions) {
            if (subscription.type == EVENT_CLOCK) {
                if (subscription.clockError != null || now - subscription.deadlineNanos >= 0) {
                    ready.add(new Event(subscription.userdata, subscription.clockError, EVENT_CLOCK, 0, false));
                }
                continue;
            }
            Descriptor descriptor;
            try {
                descriptor = context.fds().get(subscription.fd);
            } catch (WasiException e) {
                ready.add(new Event(subscription.userdata, e.errno(), subscription.type, 0, false));
                continue;
            }
            int bits = descriptor.readiness();
            boolean hangup = (bits & Descriptor.HANGUP) != 0;
            int wanted = subscription.type == EVENT_FD_READ ? Descriptor.READABLE : Descriptor.WRITABLE;
            if ((bits & wanted) != 0 || hangup) {
                long bytes = subscription.type == EVENT_FD_READ ? descriptor.readableBytes() : 0;
                ready.add(new Event(subscription.userdata, null, subscription.type, bytes, hangup));
            }
        }
        return !ready.isEmpty();
    }

    private static void write(GuestMemory memory, int address, Event event) {
        memory.fill(address, EVENT_BYTES, (byte) 0);
        memory.writeI64(address, event.userdata);
        memory.writeU16(address + 8, event.error == null ? 0 : event.error.code());
        memory.writeU8(address + 10, event.type);
        memory.writeI64(address + 16, event.readableBytes);
        memory.writeU16(address + 24, event.hangup ? EVENT_FLAG_HANGUP : 0);
    }
}
