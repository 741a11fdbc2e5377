package dev.sockeye.sockets.egress;

import java.net.IDN;
import java.util.Locale;

/**
 * Canonical host names: what both rules and looked-up names are reduced to before they are compared. Lower case,
 * one trailing dot removed, internationalised labels in punycode, letters-digits-hyphens labels of 1-63
 * characters, 253 characters at most, and a last label that is not numeric (so that {@code 2130706433},
 * {@code 127.1} or {@code 0x7f.1}, which some resolvers read as IPv4 addresses, are never names).
 */
public final class HostNames {
    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    private HostNames() {}

    /** The canonical form of {@code text}, or null if it is not a canonical host name. */
    public static String canonicalName(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (name.isEmpty() || name.endsWith(".")) {
            return null;
        }
        if (!isAscii(name)) {
            try {
                name = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException notAName) {
                return null;
            }
        }
        name = name.toLowerCase(Locale.ROOT);
        if (name.length() > MAX_NAME_LENGTH || !hasValidLabels(name) || hasNumericLastLabel(name)) {
            return null;
        }
        return name;
    }

    /** Whether the last label of {@code text} is all digits or a {@code 0x} hex number: an IPv4 spelling. */
    static boolean hasNumericLastLabel(String text) {
        String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        String last = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (last.isEmpty()) {
            return false;
        }
        if (last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return true;
        }
        return last.startsWith("0x") && last.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** Four decimal numbers 0-255 without leading zeros, as an unsigned value; -1 for anything else. */
    public static long parseStrictIpv4(String text) {
        long value = 0;
        int parts = 0;
        int start = 0;
        while (start <= text.length()) {
            int dot = text.indexOf('.', start);
            int end = dot < 0 ? text.length() : dot;
            int length = end - start;
            if (length < 1 || length > 3 || (length > 1 && text.charAt(start) == '0')) {
                return -1;
            }
            int part = 0;
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                part = part * 10 + (c - '0');
            }
            if (part > 255 || ++parts > 4) {
                return -1;
            }
            value = (value << 8) | part;
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        return parts == 4 ? value : -1;
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    private static boolean hasValidLabels(String name) {
        int start = 0;
        while (true) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            if (!isValidLabel(name, start, end)) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            start = dot + 1;
        }
    }

    private static boolean isValidLabel(String name, int start, int end) {
        int length = end - start;
        if (length < 1 || length > MAX_LABEL_LENGTH || name.charAt(start) == '-' || name.charAt(end - 1) == '-') {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
