"""Runs every socket guest in guests/bin against mini_host.py and real peers.

A check of the guests, not of Sockeye: python3 guests/smoke/smoke_test.py
(needs `pip install wasmtime`). Prints one line per scenario; exits 1 if any failed.
"""
import os
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.join(HERE, "..", "bin")
HOST = os.path.join(HERE, "mini_host.py")


def guest(name, *args, stdin=None):
    """Starts a guest under the mini host; returns the Popen."""
    return subprocess.Popen([sys.executable, HOST, os.path.join(BIN, name + ".wasm"), *map(str, args)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(proc, timeout=60):
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out.decode(), err.decode()


def tcp_listener(handler, family=socket.AF_INET):
    """A thread-per-connection server; returns its port."""
    server = socket.socket(family, socket.SOCK_STREAM)
    server.bind(("::1" if family == socket.AF_INET6 else "127.0.0.1", 0))
    server.listen(64)

    def loop():
        while True:
            conn, _ = server.accept()
            threading.Thread(target=handler, args=(conn,), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    return server.getsockname()[1]


def echo(conn):
    with conn:
        while data := conn.recv(65536):
            conn.sendall(data)


def stream_1mib(conn):
    with conn:
        conn.sendall(bytes(i * 7 % 251 for i in range(1 << 20)))


def silent_until_closed(conn):
    time.sleep(1.5)
    conn.close()


def fnv1a(data):
    h = 0x811C9DC5
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def read_line(proc):
    return proc.stdout.readline().decode().strip()


def scenarios():
    echo_port = tcp_listener(echo)
    echo6_port = tcp_listener(echo, socket.AF_INET6)

    code, out, err = finish(guest("tcp_echo_client", "localhost", echo_port, 3_000_000))
    yield "tcp_echo_client 3 MB", code == 0 and "echoed=3000000" in out, out + err

    code, out, err = finish(guest("tcp_echo_client", "::1", echo6_port, 100_000))
    yield "tcp_echo_client over IPv6", code == 0 and "echoed=100000" in out, out + err

    stream_port = tcp_listener(stream_1mib)
    expected = f"fnv1a={fnv1a(bytes(i * 7 % 251 for i in range(1 << 20))):08x}"
    code, out, err = finish(guest("tcp_stream_reader", "127.0.0.1", stream_port))
    yield "tcp_stream_reader 1 MiB", code == 0 and "bytes=1048576" in out and expected in out, out + err

    code, out, err = finish(guest("tcp_stream_reader", "127.0.0.1", stream_port, "--no-hash"))
    yield "tcp_stream_reader --no-hash", code == 0 and out.split() == ["connected", "bytes=1048576"], out + err

    code, out, err = finish(guest("tcp_nonblocking_client", "127.0.0.1", echo_port, "hello"))
    yield ("tcp_nonblocking_client",
           code == 0 and "connect=inprogress" in out and "so_error=0" in out
           and "recv=again" in out and "reply=hello" in out, out + err)

    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    refused_port = closed.getsockname()[1]
    closed.close()
    code, out, err = finish(guest("tcp_nonblocking_client", "127.0.0.1", refused_port, "x"))
    yield "tcp_nonblocking_client refused", code == 14 and "so_error=14" in out, out + err

    code, out, err = finish(guest("tcp_echo_client", "127.0.0.1", refused_port, 10))
    yield "tcp_echo_client refused", code == 14 and "connect: errno=14" in err, out + err

    server = guest("tcp_server", 0, 3)
    port = int(read_line(server).split("=")[1])
    clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
    replies = []
    for i, c in enumerate(clients):
        c.sendall(f"hello {i}".encode())
    for c in clients:
        replies.append(c.recv(100).decode())
        c.close()
    code, out, err = finish(server)
    yield ("tcp_server 3 clients",
           code == 0 and replies == ["HELLO 0", "HELLO 1", "HELLO 2"] and "served=3" in out,
           f"{replies} {out} {err}")

    server = guest("tcp_server", 0, 1)
    port = int(read_line(server).split("=")[1])
    client = guest("tcp_echo_client", "127.0.0.1", port, 0)
    code_c, out_c, err_c = finish(client)
    code, out, err = finish(server)
    yield "tcp_server + tcp_echo_client guests", code == 0 and code_c == 0, out + err + out_c + err_c

    server = guest("tcp_server", "-6", 0, 1)
    port = int(read_line(server).split("=")[1])
    with socket.create_connection(("::1", port)) as c:
        c.sendall(b"abc")
        reply = c.recv(10)
    code, out, err = finish(server)
    yield "tcp_server -6", code == 0 and reply == b"ABC", out + err

    server = guest("tcp_accept_preview1", 0)
    port = int(read_line(server).split("=")[1])
    code_c, out_c, err_c = finish(guest("tcp_echo_client", "127.0.0.1", port, 50_000))
    code, out, err = finish(server)
    yield ("tcp_accept_preview1 + tcp_echo_client",
           code == 0 and code_c == 0 and "echoed=50000" in out, out + err + out_c + err_c)

    server = guest("udp_server", 0, 2)
    port = int(read_line(server).split("=")[1])
    code1, out1, err1 = finish(guest("udp_client", "127.0.0.1", port, "ping"))
    code2, out2, err2 = finish(guest("udp_client", "-c", "localhost", port, "pong"))
    code, out, err = finish(server)
    yield ("udp_server + udp_client (sendto and -c)",
           code == 0 and code1 == 0 and code2 == 0 and f"reply=PING from=127.0.0.1:{port}" in out1
           and f"reply=PONG from=127.0.0.1:{port}" in out2 and "data=ping" in out,
           out + err + out1 + err1 + out2 + err2)

    mute = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    mute.bind(("127.0.0.1", 0))
    code, out, err = finish(guest("udp_client", "127.0.0.1", mute.getsockname()[1], "hi"))
    yield "udp_client timeout", code == 6 and "recvfrom: errno=6" in err, out + err

    code, out, err = finish(guest("sockopts", "127.0.0.1", echo_port))
    wanted = ["so_type=stream", "so_error=0", "so_acceptconn=0", "listener_acceptconn=1",
              "so_reuseaddr=1", "so_keepalive=1", "so_rcvtimeo_ms=200", "rcvtimeo_recv=again",
              "so_sndtimeo_ms=300", f"peer=127.0.0.1:{echo_port}", f"peer_v2=127.0.0.1:{echo_port}"]
    yield "sockopts", code == 0 and all(w in out for w in wanted), out + err

    park_port = tcp_listener(silent_until_closed)
    code, out, err = finish(guest("park_recv", "127.0.0.1", park_port))
    yield "park_recv", code == 0 and out.split() == ["parked", "closed"], out + err

    http_port = tcp_listener(lambda c: (c.recv(4096), c.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"), c.close()))
    code, out, err = finish(guest("http_get", "localhost", http_port, "/x"))
    yield "http_get (Rust)", code == 0 and out.startswith("HTTP/1.1 200 OK") and out.endswith("ok"), out + err

    code, out, err = finish(guest("lookup", "localhost", "8080"))
    yield "lookup", code == 0 and "addr=127.0.0.1 port=8080" in out and "count=" in out, out + err

    code, out, err = finish(guest("unknown_socket_import"))
    yield "unknown_socket_import", code == 52, out + err


def main():
    failed = 0
    for name, ok, detail in scenarios():
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
        if not ok:
            failed += 1
            print("     " + detail.replace("\n", "\n     "))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
