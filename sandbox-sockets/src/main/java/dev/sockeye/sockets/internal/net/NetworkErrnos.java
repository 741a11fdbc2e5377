package dev.sockeye.sockets.internal.net;

import dev.sockeye.sockets.internal.fd.Errno;
import io.netty.channel.ConnectTimeoutException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/** The one mapping from Java and Netty network failures to the errno a guest sees. */
final class NetworkErrnos {
    private NetworkErrnos() {}

    static Errno of(Throwable error) {
        String message = error.getMessage() == null ? "" : error.getMessage().toLowerCase(Locale.ROOT);
        if (error instanceof ConnectTimeoutException || message.contains("timed out")) {
            return Errno.TIMEDOUT;
        }
        if (error instanceof BindException || message.contains("address already in use")) {
            return message.contains("cannot assign")
                    ? Errno.ADDRNOTAVAIL
                    : message.contains("permission denied") ? Errno.ACCES : Errno.ADDRINUSE;
        }
        if (message.contains("connection refused") || error instanceof PortUnreachableException) {
            return Errno.CONNREFUSED;
        }
        if (error instanceof NoRouteToHostException || message.contains("no route to host")) {
            return Errno.HOSTUNREACH;
        }
        if (message.contains("network is unreachable")) {
            return Errno.NETUNREACH;
        }
        if (message.contains("connection reset")) {
            return Errno.CONNRESET;
        }
        if (message.contains("broken pipe")) {
            return Errno.PIPE;
        }
        if (message.contains("cannot assign requested address")) {
            return Errno.ADDRNOTAVAIL;
        }
        if (error instanceof ClosedChannelException) {
            return Errno.CONNRESET;
        }
        if (error instanceof ConnectException) {
            return Errno.CONNREFUSED;
        }
        if (error instanceof UnknownHostException) {
            return Errno.AINONAME;
        }
        if (error instanceof SocketException && message.contains("message too long")) {
            return Errno.MSGSIZE;
        }
        return Errno.IO;
    }
}
