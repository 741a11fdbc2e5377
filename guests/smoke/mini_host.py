"""A throwaway host of the WasmEdge socket ABI, for smoke-testing the guests.

Not Sockeye: no policy, no sandboxing, blocking Python sockets. It exists so the
guests in guests/bin can be run end to end without the Java host, which checks
the guest side (struct layouts, pointer arithmetic, call sequences). It follows
/work/shared/ABI-NOTES.md and WasmEdge's behaviour where they agree; where they
differ it does what WasmEdge does (see guests/README.md, "ABI findings").

Needs the `wasmtime` Python package. Usage: python3 mini_host.py GUEST.wasm ARGS...
Only the preview1 calls the socket guests use are here (no filesystem).
"""
import errno as E
import os
import select
import socket
import struct
import sys
import time

from wasmtime import Engine, FuncType, Linker, Module, Store, ValType

# WASI errnos for the Linux errnos a socket call can produce.
WASI_ERRNO = {
    E.EACCES: 2, E.EADDRINUSE: 3, E.EADDRNOTAVAIL: 4, E.EAFNOSUPPORT: 5, E.EAGAIN: 6,
    E.EALREADY: 7, E.EBADF: 8, E.ECONNABORTED: 13, E.ECONNREFUSED: 14, E.ECONNRESET: 15,
    E.EFAULT: 21, E.EHOSTUNREACH: 23, E.EINPROGRESS: 26, E.EINTR: 27, E.EINVAL: 28,
    E.EISCONN: 30, E.EMSGSIZE: 35, E.ENETUNREACH: 40, E.ENOBUFS: 42, E.ENOPROTOOPT: 50,
    E.ENOSYS: 52, E.ENOTCONN: 53, E.ENOTSOCK: 57, E.EPIPE: 64, E.ETIMEDOUT: 73,
}
EBADF, EFAULT, EINVAL, ENOSYS, ENOTSOCK, EAGAIN, ESPIPE = 8, 21, 28, 52, 57, 6, 70
GAI_ERRNO = {socket.EAI_AGAIN: 78, socket.EAI_BADFLAGS: 79, socket.EAI_FAIL: 80,
             socket.EAI_FAMILY: 81, socket.EAI_MEMORY: 82, socket.EAI_NONAME: 84,
             socket.EAI_SERVICE: 85, socket.EAI_SOCKTYPE: 86}
SOCKOPT = {0: socket.SO_REUSEADDR, 1: socket.SO_TYPE, 2: socket.SO_ERROR, 3: socket.SO_DONTROUTE,
           4: socket.SO_BROADCAST, 5: socket.SO_SNDBUF, 6: socket.SO_RCVBUF,
           7: socket.SO_KEEPALIVE, 8: socket.SO_OOBINLINE, 9: socket.SO_LINGER,
           10: socket.SO_RCVLOWAT, 11: socket.SO_RCVTIMEO, 12: socket.SO_SNDTIMEO,
           13: socket.SO_ACCEPTCONN}
FAMILY = {1: socket.AF_INET, 2: socket.AF_INET6}
ABI_FAMILY = {socket.AF_INET: 1, socket.AF_INET6: 2}
ABI_TYPE = {socket.SOCK_DGRAM: 1, socket.SOCK_STREAM: 2}
NONBLOCK = 0x4


class Exit(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


class Fault(Exception):
    pass


def wasi_errno(exc):
    if isinstance(exc, Fault):
        return EFAULT
    if isinstance(exc, socket.gaierror):
        return GAI_ERRNO.get(exc.errno, 80)
    if isinstance(exc, OSError) and exc.errno in WASI_ERRNO:
        return WASI_ERRNO[exc.errno]
    if isinstance(exc, socket.timeout):
        return EAGAIN
    raise exc


class Host:
    def __init__(self, args):
        self.args = [a.encode() + b"\0" for a in args]
        self.env = [f"{k}={v}".encode() + b"\0" for k, v in os.environ.items()
                    if k.startswith("SOCKEYE_")]
        self.sockets = {}
        self.next_fd = 3
        self.caller = None

    # -- memory ----------------------------------------------------------
    def mem(self):
        return self.caller.get("memory")

    def read(self, ptr, length):
        m = self.mem()
        if ptr < 0 or length < 0 or ptr + length > m.data_len(self.caller):
            raise Fault()
        return bytes(m.read(self.caller, ptr, ptr + length))

    def write(self, ptr, data):
        m = self.mem()
        if ptr < 0 or ptr + len(data) > m.data_len(self.caller):
            raise Fault()
        m.write(self.caller, data, ptr)

    def u32(self, ptr):
        return struct.unpack("<I", self.read(ptr, 4))[0]

    def put_u32(self, ptr, value):
        self.write(ptr, struct.pack("<I", value))

    def iovecs(self, ptr, count):
        raw = self.read(ptr, 8 * count)
        return [struct.unpack_from("<II", raw, 8 * i) for i in range(count)]

    def address(self, ptr):
        """An address struct -> (family, ip text)."""
        buf, length = struct.unpack("<II", self.read(ptr, 8))
        data = self.read(buf, length)
        if length == 4:
            return socket.AF_INET, socket.inet_ntop(socket.AF_INET, data)
        if length == 16:
            return socket.AF_INET6, socket.inet_ntop(socket.AF_INET6, data)
        if length == 128:
            family = struct.unpack_from("<H", data)[0]
            size = 4 if family == 1 else 16
            return FAMILY[family], socket.inet_ntop(FAMILY[family], data[2:2 + size])
        raise OSError(E.EINVAL, "address length")

    def sock(self, fd):
        if fd in self.sockets:
            return self.sockets[fd]
        raise OSError(E.ENOTSOCK if fd in (0, 1, 2) else E.EBADF, "fd")

    # -- preview1 basics -------------------------------------------------
    def _sizes(self, items, count_ptr, size_ptr):
        self.put_u32(count_ptr, len(items))
        self.put_u32(size_ptr, sum(map(len, items)))

    def _strings(self, items, ptrs_ptr, buf_ptr):
        for i, item in enumerate(items):
            self.put_u32(ptrs_ptr + 4 * i, buf_ptr)
            self.write(buf_ptr, item)
            buf_ptr += len(item)

    def args_sizes_get(self, count_ptr, size_ptr):
        self._sizes(self.args, count_ptr, size_ptr)

    def args_get(self, argv_ptr, buf_ptr):
        self._strings(self.args, argv_ptr, buf_ptr)

    def environ_sizes_get(self, count_ptr, size_ptr):
        self._sizes(self.env, count_ptr, size_ptr)

    def environ_get(self, env_ptr, buf_ptr):
        self._strings(self.env, env_ptr, buf_ptr)

    def fd_write(self, fd, iovs, count, nwritten_ptr):
        data = b"".join(self.read(b, n) for b, n in self.iovecs(iovs, count))
        if fd in (1, 2):
            out = sys.stdout.buffer if fd == 1 else sys.stderr.buffer
            out.write(data)
            out.flush()
            self.put_u32(nwritten_ptr, len(data))
        else:
            self.put_u32(nwritten_ptr, self.sock(fd).send(data))

    def fd_read(self, fd, iovs, count, nread_ptr):
        vecs = self.iovecs(iovs, count)
        data = sys.stdin.buffer.read1(vecs[0][1]) if fd == 0 else self.sock(fd).recv(vecs[0][1])
        self.write(vecs[0][0], data)
        self.put_u32(nread_ptr, len(data))

    def fd_close(self, fd):
        self.sock(fd).close()
        del self.sockets[fd]

    def fd_fdstat_get(self, fd, stat_ptr):
        if fd in (0, 1, 2):
            self.write(stat_ptr, struct.pack("<BxHxxxxQQ", 2, 0, 2 ** 64 - 1, 2 ** 64 - 1))
            return
        s = self.sock(fd)
        filetype = 6 if s.type == socket.SOCK_STREAM else 5
        flags = 0 if s.getblocking() else NONBLOCK
        self.write(stat_ptr, struct.pack("<BxHxxxxQQ", filetype, flags, 2 ** 64 - 1, 2 ** 64 - 1))

    def fd_fdstat_set_flags(self, fd, flags):
        self.sock(fd).setblocking(not flags & NONBLOCK)

    def fd_seek(self, fd, offset, whence, out_ptr):
        return ESPIPE

    def fd_prestat_get(self, fd, out_ptr):
        return EBADF

    def fd_prestat_dir_name(self, fd, ptr, length):
        return EBADF

    def proc_exit(self, code):
        raise Exit(code)

    def clock_time_get(self, clock_id, precision, out_ptr):
        now = time.monotonic_ns() if clock_id == 1 else time.time_ns()
        self.write(out_ptr, struct.pack("<Q", now))

    def poll_oneoff(self, in_ptr, out_ptr, count, nevents_ptr):
        if count == 0:
            return EINVAL
        subs = [self.read(in_ptr + 48 * i, 48) for i in range(count)]
        deadline, reads, writes = None, {}, {}
        for raw in subs:
            userdata, tag = struct.unpack_from("<QB", raw)
            if tag == 0:
                _, timeout, _, flags = struct.unpack_from("<IQQH", raw, 16)
                at = timeout / 1e9 if flags & 1 else time.monotonic() + timeout / 1e9
                deadline = at if deadline is None else min(deadline, at)
            else:
                fd = struct.unpack_from("<I", raw, 16)[0]
                (reads if tag == 1 else writes)[userdata] = (fd, tag)
        rl = [self.sock(fd) for fd, _ in reads.values()]
        wl = [self.sock(fd) for fd, _ in writes.values()]
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        r, w, _ = select.select(rl, wl, [], wait)
        events = []
        for userdata, (fd, tag) in list(reads.items()) + list(writes.items()):
            s = self.sockets[fd]
            if (tag == 1 and s in r) or (tag == 2 and s in w):
                hangup = self.hangup(s) if tag == 1 else 0  # a peek would eat SO_ERROR
                events.append(struct.pack("<QHBxxxxxQHxxxxxx", userdata, 0, tag, 0, hangup))
        if not events:
            for raw in subs:
                userdata, tag = struct.unpack_from("<QB", raw)
                if tag == 0:
                    events.append(struct.pack("<QHBxxxxxQHxxxxxx", userdata, 0, 0, 0, 0))
                    break
        for i, ev in enumerate(events):
            self.write(out_ptr + 32 * i, ev)
        self.put_u32(nevents_ptr, len(events))

    @staticmethod
    def hangup(s):
        if s.type != socket.SOCK_STREAM:
            return 0
        try:
            return 1 if s.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b"" else 0
        except OSError:
            return 0

    # -- sockets ---------------------------------------------------------
    def new_fd(self, s):
        fd = self.next_fd
        self.next_fd += 1
        self.sockets[fd] = s
        return fd

    def sock_open(self, family, sock_type, fd_ptr):
        if family not in FAMILY or sock_type not in (1, 2):
            return EINVAL
        kind = socket.SOCK_STREAM if sock_type == 2 else socket.SOCK_DGRAM
        self.put_u32(fd_ptr, self.new_fd(socket.socket(FAMILY[family], kind)))

    def sock_bind(self, fd, addr_ptr, port):
        s = self.sock(fd)
        s.bind((self.address(addr_ptr)[1], port))

    def sock_connect(self, fd, addr_ptr, port):
        s = self.sock(fd)
        s.connect((self.address(addr_ptr)[1], port))

    def sock_listen(self, fd, backlog):
        self.sock(fd).listen(backlog)

    def sock_accept(self, fd, *rest):
        """V1 (fd, *new_fd) or preview1 (fd, fdflags, *new_fd), by arity."""
        flags, new_fd_ptr = (0, rest[0]) if len(rest) == 1 else rest
        conn, _ = self.sock(fd).accept()
        conn.setblocking(not flags & NONBLOCK)
        self.put_u32(new_fd_ptr, self.new_fd(conn))

    def sock_recv(self, fd, iovs, count, flags, nread_ptr, roflags_ptr):
        buf, length = self.iovecs(iovs, count)[0]
        self.read(buf, length)
        data = self.sock(fd).recv(length, socket.MSG_PEEK if flags & 1 else 0)
        self.write(buf, data)
        self.put_u32(nread_ptr, len(data))
        self.put_u32(roflags_ptr, 0)

    def sock_recv_from(self, fd, iovs, count, addr_ptr, flags, port_ptr, nread_ptr, roflags_ptr):
        buf, length = self.iovecs(iovs, count)[0]
        storage_ptr, storage_len = struct.unpack("<II", self.read(addr_ptr, 8))
        if storage_len != 128:
            return EINVAL
        data, (ip, port, *_) = self.sock(fd).recvfrom(length)
        family = socket.AF_INET6 if ":" in ip else socket.AF_INET
        self.write(storage_ptr, struct.pack("<H", ABI_FAMILY[family]) + socket.inet_pton(family, ip))
        self.write(buf, data)
        self.put_u32(port_ptr, port)
        self.put_u32(nread_ptr, len(data))
        self.put_u32(roflags_ptr, 0)

    def sock_send(self, fd, iovs, count, flags, nwritten_ptr):
        data = b"".join(self.read(b, n) for b, n in self.iovecs(iovs, count))
        self.put_u32(nwritten_ptr, self.sock(fd).send(data))

    def sock_send_to(self, fd, iovs, count, addr_ptr, port, flags, nwritten_ptr):
        data = b"".join(self.read(b, n) for b, n in self.iovecs(iovs, count))
        self.put_u32(nwritten_ptr, self.sock(fd).sendto(data, (self.address(addr_ptr)[1], port)))

    def sock_shutdown(self, fd, how):
        self.sock(fd).shutdown({1: socket.SHUT_RD, 2: socket.SHUT_WR, 3: socket.SHUT_RDWR}[how])

    def sock_getsockopt(self, fd, level, name, value_ptr, len_ptr):
        if level != 0 or name not in SOCKOPT:
            return EINVAL
        size = self.u32(len_ptr)
        raw = self.sock(fd).getsockopt(socket.SOL_SOCKET, SOCKOPT[name], size)
        if name in (1, 2):
            value = struct.unpack("<i", raw[:4])[0]
            value = WASI_ERRNO.get(value, value) if name == 2 else ABI_TYPE[value]
            raw = struct.pack("<i", value)
        self.write(value_ptr, raw)
        self.put_u32(len_ptr, len(raw))

    def sock_setsockopt(self, fd, level, name, value_ptr, length):
        if level != 0 or name not in SOCKOPT:
            return EINVAL
        self.sock(fd).setsockopt(socket.SOL_SOCKET, SOCKOPT[name], self.read(value_ptr, length))

    def _name(self, fd, peer):
        s = self.sock(fd)
        ip, port, *_ = s.getpeername() if peer else s.getsockname()
        return s.family, socket.inet_pton(s.family, ip), port

    def _addr_v1(self, peer, fd, addr_ptr, type_ptr, port_ptr):
        family, ip, port = self._name(fd, peer)
        buf, length = struct.unpack("<II", self.read(addr_ptr, 8))
        if length < len(ip):
            return 48  # NOMEM, as WasmEdge
        self.write(buf, ip)
        self.put_u32(type_ptr, 4 if family == socket.AF_INET else 6)
        self.put_u32(port_ptr, port)

    def _addr_v2(self, peer, fd, addr_ptr, port_ptr):
        family, ip, port = self._name(fd, peer)
        buf, length = struct.unpack("<II", self.read(addr_ptr, 8))
        if length != 128:
            return EINVAL
        self.write(buf, struct.pack("<H", ABI_FAMILY[family]) + ip)
        self.put_u32(port_ptr, port)

    def sock_getlocaladdr(self, fd, addr_ptr, type_ptr, port_ptr):
        return self._addr_v1(False, fd, addr_ptr, type_ptr, port_ptr)

    def sock_getpeeraddr(self, fd, addr_ptr, type_ptr, port_ptr):
        return self._addr_v1(True, fd, addr_ptr, type_ptr, port_ptr)

    def sock_getlocaladdr_v2(self, fd, addr_ptr, port_ptr):
        return self._addr_v2(False, fd, addr_ptr, port_ptr)

    def sock_getpeeraddr_v2(self, fd, addr_ptr, port_ptr):
        return self._addr_v2(True, fd, addr_ptr, port_ptr)

    def sock_getaddrinfo(self, node_ptr, node_len, service_ptr, service_len, hints_ptr,
                         res_ptr, max_len, res_len_ptr):
        node = self.read(node_ptr, node_len).rstrip(b"\0").decode() or None
        service = self.read(service_ptr, service_len).rstrip(b"\0").decode() or None
        flags, family, socktype, protocol = struct.unpack("<HBBB", self.read(hints_ptr, 5))
        kind = {0: 0, 1: socket.SOCK_DGRAM, 2: socket.SOCK_STREAM}[socktype]
        results = socket.getaddrinfo(node, service, {0: 0, **FAMILY}[family], kind)
        entry = self.u32(res_ptr)
        count = 0
        for fam, typ, proto, _, sockaddr in results[:max_len]:
            ip = socket.inet_pton(fam, sockaddr[0])
            port = struct.pack(">H", sockaddr[1])
            # sa_data as WasmEdge copies it from the native sockaddr: port, then
            # v4: addr + 8 zero bytes; v6: flowinfo, addr, scope_id.
            data = port + (ip + bytes(8) if fam == socket.AF_INET else bytes(4) + ip + bytes(4))
            sockaddr_ptr = self.u32(entry + 12)
            data_ptr = self.u32(sockaddr_ptr + 8)
            self.write(data_ptr, data)
            self.write(sockaddr_ptr, struct.pack("<BxxxI", ABI_FAMILY[fam], len(data)))
            self.write(entry, struct.pack("<HBBBxxxI", 0, ABI_FAMILY[fam], ABI_TYPE.get(typ, 0),
                                          {6: 1, 17: 2}.get(proto, 0),
                                          16 if fam == socket.AF_INET else 28))
            self.put_u32(entry + 20, 0)  # no canonical name
            count += 1
            entry = self.u32(entry + 24)
        self.put_u32(res_len_ptr, count)


def call_guarded(host, method, caller, args):
    host.caller = caller
    try:
        result = method(*args)
        return 0 if result is None else result
    except Exit:
        raise
    except (OSError, Fault, socket.timeout) as exc:
        return wasi_errno(exc)


def run(path, args):
    engine = Engine()
    store = Store(engine)
    linker = Linker(engine)
    host = Host([path] + args)
    module = Module.from_file(engine, path)
    for imp in module.imports:
        method = getattr(host, imp.name, None)
        ty = imp.type
        if imp.name == "proc_exit":
            def fn(caller, code, _h=host):
                raise Exit(code)
        elif method is None:
            def fn(caller, *a):
                return ENOSYS
        else:
            def fn(caller, *a, _m=method, _h=host):
                return call_guarded(_h, _m, caller, a)
        linker.define_func(imp.module, imp.name, FuncType(list(ty.params), list(ty.results)),
                           fn, access_caller=True)
    instance = linker.instantiate(store, module)
    try:
        instance.exports(store)["_start"](store)
        return 0
    except Exception as exc:  # proc_exit surfaces wrapped in a trap
        cause = exc
        while cause is not None and not isinstance(cause, Exit):
            cause = cause.__cause__ or cause.__context__
        if cause is None:
            raise
        return cause.code


if __name__ == "__main__":
    sys.exit(run(sys.argv[1], sys.argv[2:]))
