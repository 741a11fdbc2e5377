package dev.sockeye.sockets.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The resolver asks a name server exactly the name it was given: no search list, no ndots. */
class SystemNameResolverTest {
    Vertx vertx;
    LoopbackDnsServer dns;
    SystemNameResolver resolver;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        // Answers the search-suffixed name too: a resolver that applied a search list would get an address.
        dns = new LoopbackDnsServer(Map.of(
                "rbs.test", InetAddress.getByName("127.0.0.7"),
                "rbs.test.corp.example", InetAddress.getByName("127.0.0.8"),
                "intranet.corp.example", InetAddress.getByName("127.0.0.9")));
        resolver = new SystemNameResolver(vertx, new SingletonDnsServerAddressStreamProvider(dns.address()));
    }

    @AfterEach
    void stop() throws Exception {
        resolver.close();
        dns.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aNameIsAskedAsGiven() throws Exception {
        assertThat(resolve("rbs.test")).containsExactly(InetAddress.getByName("127.0.0.7"));
        assertThat(dns.questions).isNotEmpty().containsOnly("rbs.test");
    }

    @Test
    void anAbsoluteNameIsAskedWithoutSuffix() throws Exception {
        assertThat(resolve("rbs.test.")).containsExactly(InetAddress.getByName("127.0.0.7"));
        assertThat(dns.questions).isNotEmpty().containsOnly("rbs.test");
    }

    @Test
    void aSingleLabelNameIsNotCompletedBySearchDomains() {
        assertThatThrownBy(() -> resolve("intranet")).hasRootCauseInstanceOf(Exception.class);
        assertThat(dns.questions).isNotEmpty().containsOnly("intranet");
    }

    private List<InetAddress> resolve(String name) throws Exception {
        try {
            return resolver.resolve(name)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    /** A DNS server on 127.0.0.1 that answers A queries from a table (NXDOMAIN otherwise) and records each name. */
    static final class LoopbackDnsServer implements AutoCloseable {
        final List<String> questions = new CopyOnWriteArrayList<>();
        private final Map<String, InetAddress> answers;
        private final DatagramSocket socket;
        private final Thread thread;

        LoopbackDnsServer(Map<String, InetAddress> answers) throws SocketException {
            this.answers = answers;
            this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            this.thread = Thread.ofVirtual().start(this::serve);
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        private void serve() {
            byte[] buffer = new byte[1500];
            while (!socket.isClosed()) {
                var packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                    byte[] reply = answer(ByteBuffer.wrap(packet.getData(), 0, packet.getLength()));
                    socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                } catch (java.io.IOException e) {
                    return; // closed
                }
            }
        }

        private byte[] answer(ByteBuffer query) {
            short id = query.getShort(0);
            int position = 12;
            var name = new StringBuilder();
            for (int length = query.get(position) & 0xff; length != 0; length = query.get(position) & 0xff) {
                if (!name.isEmpty()) {
                    name.append('.');
                }
                for (int i = 1; i <= length; i++) {
                    name.append((char) query.get(position + i));
                }
                position += length + 1;
            }
            int questionEnd = position + 1 + 4; // the root label, then type and class
            int type = query.getShort(position + 1) & 0xffff;
            String asked = name.toString();
            questions.add(asked);
            InetAddress address = answers.get(asked);
            boolean found = address != null;
            boolean withRecord = found && type == 1;

            var out = new ByteArrayOutputStream();
            var header = ByteBuffer.allocate(12)
                    .putShort(id)
                    .putShort((short) (0x8180 | (found ? 0 : 3))) // response, recursion available, NXDOMAIN
                    .putShort((short) 1)
                    .putShort((short) (withRecord ? 1 : 0))
                    .putShort((short) 0)
                    .putShort((short) 0);
            out.writeBytes(header.array());
            out.write(query.array(), query.arrayOffset() + 12, questionEnd - 12);
            if (withRecord) {
                var record = ByteBuffer.allocate(16)
                        .putShort((short) 0xc00c) // the question's name
                        .putShort((short) 1)
                        .putShort((short) 1)
                        .putInt(60)
                        .putShort((short) 4)
                        .put(address.getAddress());
                out.writeBytes(record.array());
            }
            return out.toByteArray();
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join();
        }
    }
}
