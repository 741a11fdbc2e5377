package dev.sockeye.sockets.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * An IP address as two longs, so that matching it against hundreds of blocks allocates nothing. IPv4-mapped IPv6
 * addresses ({@code ::ffff:a.b.c.d}) become IPv4, because that is where a connect to them goes.
 */
record Ip(boolean v6, long hi, long lo) {

    private static final long NAT64_WELL_KNOWN_HI = 0x0064_ff9b_0000_0000L;
    /** {@code ::ffff:0:0/96}, RFC 2765's IPv4-translated addresses. */
    private static final long IPV4_TRANSLATED_MARK = 0xffff_0000L;
    /** {@code 2002::/16}, RFC 3056. */
    private static final long SIX_TO_FOUR_PREFIX = 0x2002L;
    /** {@code 2001:0000::/32}, RFC 4380. */
    private static final long TEREDO_PREFIX = 0x2001_0000L;

    static Ip of(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return v4(readInt(bytes, 0));
        }
        long hi = readLong(bytes, 0);
        long lo = readLong(bytes, 8);
        if (hi == 0 && (lo >>> 32) == 0xffffL) {
            return v4((int) lo);
        }
        return new Ip(true, hi, lo);
    }

    static Ip v4(int value) {
        return new Ip(false, 0, value & 0xffff_ffffL);
    }

    /**
     * The IPv4 addresses an IPv6 address carries, where a translator or tunnel on the path would deliver it:
     * IPv4-compatible ({@code ::a.b.c.d}), IPv4-translated ({@code ::ffff:0:a.b.c.d}), well-known NAT64
     * ({@code 64:ff9b::a.b.c.d}), 6to4 ({@code 2002:aabb:ccdd::/48}) and Teredo ({@code 2001::/32}: the server's
     * address, and the client's stored inverted). {@code ::} and {@code ::1} carry none.
     */
    List<Ip> embeddedIpv4s() {
        if (!v6) {
            return List.of();
        }
        long low32 = lo & 0xffff_ffffL;
        if (hi == 0 && (lo >>> 32) == 0 && lo > 1) {
            return List.of(v4((int) low32));
        }
        if (hi == 0 && (lo >>> 32) == IPV4_TRANSLATED_MARK) {
            return List.of(v4((int) low32));
        }
        if (hi == NAT64_WELL_KNOWN_HI && (lo >>> 32) == 0) {
            return List.of(v4((int) low32));
        }
        if ((hi >>> 48) == SIX_TO_FOUR_PREFIX) {
            return List.of(v4((int) (hi >>> 16)));
        }
        if ((hi >>> 32) == TEREDO_PREFIX) {
            return List.of(v4((int) hi), v4((int) ~low32));
        }
        return List.of();
    }

    /**
     * Where a connect or send to this address lands: the unspecified address ({@code 0.0.0.0}, {@code ::}) is this
     * host, so it is judged as loopback; every other address is itself.
     */
    Ip reached() {
        if (hi != 0 || lo != 0) {
            return this;
        }
        return v6 ? new Ip(true, 0, 1) : v4(0x7f00_0001);
    }

    InetAddress toInetAddress() {
        byte[] bytes = v6 ? new byte[16] : new byte[4];
        if (v6) {
            writeLong(bytes, 0, hi);
            writeLong(bytes, 8, lo);
        } else {
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) (lo >>> (24 - 8 * i));
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Dotted quad, or RFC 5952 IPv6 text (lower case, the longest run of two or more zero groups as {@code ::}). */
    @Override
    public String toString() {
        if (!v6) {
            return (lo >>> 24) + "." + ((lo >>> 16) & 0xff) + "." + ((lo >>> 8) & 0xff) + "." + (lo & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            long half = i < 4 ? hi : lo;
            groups[i] = (int) ((half >>> (48 - 16 * (i % 4))) & 0xffff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        var text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static int readInt(byte[] bytes, int from) {
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return value;
    }

    private static long readLong(byte[] bytes, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return value;
    }

    private static void writeLong(byte[] bytes, int from, long value) {
        for (int i = 0; i < 8; i++) {
            bytes[from + i] = (byte) (value >>> (56 - 8 * i));
        }
    }
}
