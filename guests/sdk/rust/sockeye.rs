//! Sockeye's Rust guest SDK: sockets and WAGI for `wasm32-wasi` functions, std only, one file.
//!
//! Include it as a module of your program (no crates, no Cargo needed):
//!
//! ```ignore
//! #[path = "sockeye.rs"]
//! mod sockeye;
//! use sockeye::net::TcpStream;
//! ```
//!
//! and build with `rustc --edition 2021 --target wasm32-wasi -O main.rs` (Debian's rustc 1.63 works).
//!
//! - [`net`]: `TcpStream`, `TcpListener`, `UdpSocket` and `lookup_host`, shaped like `std::net`
//!   (`std::io::Read`/`Write`, `set_nonblocking`, timeouts, `shutdown`), over WasmEdge's socket extension of
//!   `wasi_snapshot_preview1`, which Sockeye implements (docs/guest-abi.md). Errors are `std::io::Error`s whose
//!   `raw_os_error()` is the WASI errno (2 EACCES: the egress policy refused; 6 EAGAIN: `WouldBlock`).
//! - [`tls`]: host TLS: [`tls::TlsStream`] upgrades a connected `TcpStream` in place; the host does the handshake
//!   and verifies the server's certificate for the name given, and the stream reads and writes plaintext.
//! - [`poll`]: wait for several sockets at once with `poll_oneoff`.
//! - [`wagi`]: the HTTP request of one run (method, path, query, headers, body) and its response.
//!
//! Layout of the file: `sys` holds every raw import and memory layout, and nothing else calls the host.
#![allow(dead_code)]

/// The raw imports (module `wasi_snapshot_preview1`) and their memory layouts; the only code that calls the host.
mod sys {
    use std::io;

    /// `address`: a pointer to 4 (IPv4) or 16 (IPv6) address bytes, or a 128-byte storage form.
    #[repr(C)]
    pub struct Address {
        pub buf: *const u8,
        pub len: u32,
    }

    #[repr(C)]
    pub struct Iovec {
        pub buf: *const u8,
        pub len: u32,
    }

    #[repr(C)]
    #[derive(Clone, Copy)]
    pub struct Sockaddr {
        pub family: u8,
        pub data_len: u32,
        pub data: *mut u8,
    }

    #[repr(C, packed(4))]
    #[derive(Clone, Copy)]
    pub struct Addrinfo {
        pub flags: u16,
        pub family: u8,
        pub socktype: u8,
        pub protocol: u8,
        pub addrlen: u32,
        pub addr: *mut Sockaddr,
        pub canonname: *mut u8,
        pub canonname_len: u32,
        pub next: *mut Addrinfo,
    }

    pub const AF_UNSPEC: u8 = 0;
    pub const AF_INET4: u8 = 1;
    pub const AF_INET6: u8 = 2;
    pub const SOCK_DGRAM: u32 = 1;
    pub const SOCK_STREAM: u32 = 2;
    pub const SOL_SOCKET: u32 = 0;
    pub const SO_RCVTIMEO: u32 = 11;
    pub const SO_SNDTIMEO: u32 = 12;
    pub const FDFLAGS_NONBLOCK: u32 = 4;

    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        pub fn sock_open(family: u32, sock_type: u32, fd: *mut u32) -> u32;
        pub fn sock_bind(fd: u32, addr: *const Address, port: u32) -> u32;
        pub fn sock_connect(fd: u32, addr: *const Address, port: u32) -> u32;
        pub fn sock_listen(fd: u32, backlog: u32) -> u32;
        /// preview1's own form (fd, fdflags, *new_fd), as Rust std and wasi-libc import it.
        pub fn sock_accept(fd: u32, flags: u32, new_fd: *mut u32) -> u32;
        pub fn sock_recv(
            fd: u32,
            iovs: *const Iovec,
            iovs_len: u32,
            ri_flags: u32,
            nread: *mut u32,
            ro_flags: *mut u32,
        ) -> u32;
        /// The V2 form: also writes the sender's port.
        pub fn sock_recv_from(
            fd: u32,
            iovs: *const Iovec,
            iovs_len: u32,
            addr: *mut Address,
            ri_flags: u32,
            port: *mut u32,
            nread: *mut u32,
            ro_flags: *mut u32,
        ) -> u32;
        pub fn sock_send(fd: u32, iovs: *const Iovec, iovs_len: u32, si_flags: u32, nwritten: *mut u32) -> u32;
        pub fn sock_send_to(
            fd: u32,
            iovs: *const Iovec,
            iovs_len: u32,
            addr: *const Address,
            port: u32,
            si_flags: u32,
            nwritten: *mut u32,
        ) -> u32;
        pub fn sock_shutdown(fd: u32, how: u32) -> u32;
        /// The V1 form: a 16-byte buffer, the address type (4 or 6) and the port.
        pub fn sock_getlocaladdr(fd: u32, addr: *mut Address, addr_type: *mut u32, port: *mut u32) -> u32;
        pub fn sock_getpeeraddr(fd: u32, addr: *mut Address, addr_type: *mut u32, port: *mut u32) -> u32;
        pub fn sock_setsockopt(fd: u32, level: u32, name: u32, value: *const u8, len: u32) -> u32;
        pub fn sock_getaddrinfo(
            node: *const u8,
            node_len: u32,
            service: *const u8,
            service_len: u32,
            hints: *const Addrinfo,
            res: *mut u32,
            max_len: u32,
            res_len: *mut u32,
        ) -> u32;
        pub fn fd_fdstat_get(fd: u32, stat: *mut u8) -> u32;
        pub fn fd_fdstat_set_flags(fd: u32, flags: u32) -> u32;
        pub fn fd_close(fd: u32) -> u32;
        pub fn poll_oneoff(subscriptions: *const u8, events: *mut u8, count: u32, nevents: *mut u32) -> u32;
        /// Sockeye's host TLS (docs/guest-abi.md, "Host TLS"): upgrades the connected TCP socket in place.
        pub fn sock_tls_connect(fd: u32, server_name: *const u8, server_name_len: u32, alpn: *const u8, alpn_len: u32)
            -> u32;
        /// The protocol the handshake negotiated (not NUL-terminated), length 0 for none.
        pub fn sock_tls_alpn(fd: u32, buf: *mut u8, buf_len: u32, len: *mut u32) -> u32;
    }

    /// Ok for errno 0, else the errno as an io::Error (`raw_os_error()` is the WASI errno).
    pub fn check(errno: u32) -> io::Result<()> {
        if errno == 0 {
            Ok(())
        } else {
            Err(io::Error::from_raw_os_error(errno as i32))
        }
    }

    /// An open socket descriptor, closed on drop.
    pub struct Fd(pub u32);

    impl Drop for Fd {
        fn drop(&mut self) {
            unsafe {
                fd_close(self.0);
            }
        }
    }

    impl Fd {
        pub fn open(family: u8, sock_type: u32) -> io::Result<Fd> {
            let mut fd = 0u32;
            check(unsafe { sock_open(family as u32, sock_type, &mut fd) })?;
            Ok(Fd(fd))
        }

        pub fn set_nonblocking(&self, on: bool) -> io::Result<()> {
            // fdstat: filetype u8 @0, flags u16 @2, rights u64 @8 and @16 (24 bytes, align 8).
            let mut stat = [0u64; 3];
            check(unsafe { fd_fdstat_get(self.0, stat.as_mut_ptr() as *mut u8) })?;
            let flags = ((stat[0] >> 16) & 0xffff) as u32;
            let flags = if on { flags | FDFLAGS_NONBLOCK } else { flags & !FDFLAGS_NONBLOCK };
            check(unsafe { fd_fdstat_set_flags(self.0, flags) })
        }

        /// SO_RCVTIMEO / SO_SNDTIMEO as `struct timeval {i64 sec; i64 usec}`; zero means none.
        pub fn set_timeout(&self, option: u32, timeout: Option<std::time::Duration>) -> io::Result<()> {
            let (secs, micros) = match timeout {
                Some(t) if t.is_zero() => {
                    return Err(io::Error::new(io::ErrorKind::InvalidInput, "a zero timeout is not a timeout"));
                }
                Some(t) => (t.as_secs() as i64, t.subsec_micros() as i64),
                None => (0, 0),
            };
            let mut value = [0u8; 16];
            value[..8].copy_from_slice(&secs.to_le_bytes());
            value[8..].copy_from_slice(&micros.to_le_bytes());
            check(unsafe { sock_setsockopt(self.0, SOL_SOCKET, option, value.as_ptr(), 16) })
        }

        pub fn recv(&self, buf: &mut [u8], flags: u32) -> io::Result<usize> {
            let iov = Iovec { buf: buf.as_mut_ptr(), len: buf.len() as u32 };
            let (mut nread, mut ro_flags) = (0u32, 0u32);
            check(unsafe { sock_recv(self.0, &iov, 1, flags, &mut nread, &mut ro_flags) })?;
            Ok(nread as usize)
        }

        pub fn send(&self, buf: &[u8]) -> io::Result<usize> {
            let iov = Iovec { buf: buf.as_ptr(), len: buf.len() as u32 };
            let mut nwritten = 0u32;
            check(unsafe { sock_send(self.0, &iov, 1, 0, &mut nwritten) })?;
            Ok(nwritten as usize)
        }
    }
}

/// TCP and UDP sockets and name lookup, shaped like `std::net`.
pub mod net {
    use super::sys::{self, Fd};
    use std::io::{self, Read, Write};
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr};
    use std::time::Duration;

    /// How many results one lookup can return.
    const MAX_LOOKUP_RESULTS: usize = 16;
    /// Every sockaddr data buffer holds the 26 bytes of an IPv6 result (docs/guest-abi.md, "Name lookup").
    const SOCKADDR_DATA_LEN: usize = 26;
    const LISTEN_BACKLOG: u32 = 128;
    const RECV_PEEK: u32 = 1;

    /// Resolves `host` (a name the egress policy allows, or an IP literal) to the socket addresses for `port`.
    ///
    /// A name no rule allows fails with `PermissionDenied` (errno 2, EACCES); an unknown name with
    /// `NotFound` and a message naming it.
    pub fn lookup_host(host: &str, port: u16) -> io::Result<Vec<SocketAddr>> {
        if let Ok(ip) = host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
            return Ok(vec![SocketAddr::new(ip, port)]);
        }
        let mut data = vec![[0u8; SOCKADDR_DATA_LEN]; MAX_LOOKUP_RESULTS];
        let mut sockaddrs = vec![
            sys::Sockaddr { family: 0, data_len: SOCKADDR_DATA_LEN as u32, data: std::ptr::null_mut() };
            MAX_LOOKUP_RESULTS
        ];
        let hints = sys::Addrinfo {
            flags: 0,
            family: sys::AF_UNSPEC,
            socktype: sys::SOCK_STREAM as u8,
            protocol: 0,
            addrlen: 0,
            addr: std::ptr::null_mut(),
            canonname: std::ptr::null_mut(),
            canonname_len: 0,
            next: std::ptr::null_mut(),
        };
        let mut entries = vec![hints; MAX_LOOKUP_RESULTS];
        for i in 0..MAX_LOOKUP_RESULTS {
            sockaddrs[i].data = data[i].as_mut_ptr();
            entries[i].addr = &mut sockaddrs[i];
        }
        for i in 1..MAX_LOOKUP_RESULTS {
            let next: *mut sys::Addrinfo = &mut entries[i];
            entries[i - 1].next = next;
        }
        let node = format!("{}\0", host);
        let service = format!("{}\0", port);
        let mut first = entries.as_mut_ptr() as u32;
        let mut count = 0u32;
        let errno = unsafe {
            sys::sock_getaddrinfo(
                node.as_ptr(),
                node.len() as u32,
                service.as_ptr(),
                service.len() as u32,
                &hints,
                &mut first,
                MAX_LOOKUP_RESULTS as u32,
                &mut count,
            )
        };
        if errno != 0 {
            return Err(lookup_error(host, errno));
        }
        let mut found: Vec<SocketAddr> = Vec::new();
        for i in 0..(count as usize).min(MAX_LOOKUP_RESULTS) {
            let d = &data[i];
            let port = u16::from_be_bytes([d[0], d[1]]);
            let ip = match sockaddrs[i].family {
                sys::AF_INET4 => IpAddr::V4(Ipv4Addr::new(d[2], d[3], d[4], d[5])),
                sys::AF_INET6 => {
                    let mut octets = [0u8; 16];
                    octets.copy_from_slice(&d[6..22]);
                    IpAddr::V6(Ipv6Addr::from(octets))
                }
                _ => continue,
            };
            let addr = SocketAddr::new(ip, port);
            if !found.contains(&addr) {
                found.push(addr);
            }
        }
        if found.is_empty() {
            return Err(io::Error::new(io::ErrorKind::NotFound, format!("lookup {}: no address", host)));
        }
        Ok(found)
    }

    /// getaddrinfo's errors are WasmEdge's EAI_* numbers (77..87) or a plain errno such as EACCES.
    fn lookup_error(host: &str, errno: u32) -> io::Error {
        let what = match errno {
            78 => "temporary failure (EAI_AGAIN)",
            80 => "lookup failed (EAI_FAIL)",
            83 | 84 => "name not found (EAI_NONAME)",
            85 => "unknown service (EAI_SERVICE)",
            77..=87 => "lookup failed",
            _ => {
                let cause = io::Error::from_raw_os_error(errno as i32);
                return io::Error::new(cause.kind(), format!("lookup {}: {} (errno {})", host, cause, errno));
            }
        };
        let kind = if errno == 83 || errno == 84 { io::ErrorKind::NotFound } else { io::ErrorKind::Other };
        io::Error::new(kind, format!("lookup {}: {} (errno {})", host, what, errno))
    }

    /// What `connect`, `bind` and `send_to` accept, like `std::net::ToSocketAddrs`: a `SocketAddr`,
    /// `"host:port"`, `"[v6]:port"` or `(host, port)`; names go through [`lookup_host`].
    pub trait ToSocketAddrs {
        fn to_socket_addrs(&self) -> io::Result<Vec<SocketAddr>>;
    }

    impl ToSocketAddrs for SocketAddr {
        fn to_socket_addrs(&self) -> io::Result<Vec<SocketAddr>> {
            Ok(vec![*self])
        }
    }

    impl ToSocketAddrs for (IpAddr, u16) {
        fn to_socket_addrs(&self) -> io::Result<Vec<SocketAddr>> {
            Ok(vec![SocketAddr::new(self.0, self.1)])
        }
    }

    impl ToSocketAddrs for (&str, u16) {
        fn to_socket_addrs(&self) -> io::Result<Vec<SocketAddr>> {
            lookup_host(self.0, self.1)
        }
    }

    impl ToSocketAddrs for str {
        fn to_socket_addrs(&self) -> io::Result<Vec<SocketAddr>> {
            if let Ok(addr) = self.parse::<SocketAddr>() {
                return Ok(vec![addr]);
            }
            let bad = || io::Error::new(io::ErrorKind::InvalidInput, format!("'{}' is not HOST:PORT", self));
            let (host, port) = self.rsplit_once(':').ok_or_else(bad)?;
            let port: u16 = port.parse().map_err(|_| bad())?;
            lookup_host(host, port)
        }
    }

    impl ToSocketAddrs for String {
        fn to_socket_addrs(&self) -> io::Result<Vec<SocketAddr>> {
            self.as_str().to_socket_addrs()
        }
    }

    impl<T: ToSocketAddrs + ?Sized> ToSocketAddrs for &T {
        fn to_socket_addrs(&self) -> io::Result<Vec<SocketAddr>> {
            (**self).to_socket_addrs()
        }
    }

    /// Calls `attempt` with each address in turn until one succeeds; the last error otherwise.
    fn each_addr<A: ToSocketAddrs, T>(addrs: A, mut attempt: impl FnMut(&SocketAddr) -> io::Result<T>) -> io::Result<T> {
        let mut last = io::Error::new(io::ErrorKind::InvalidInput, "no address to try");
        for addr in addrs.to_socket_addrs()? {
            match attempt(&addr) {
                Ok(value) => return Ok(value),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    fn family(addr: &SocketAddr) -> u8 {
        if addr.is_ipv4() {
            sys::AF_INET4
        } else {
            sys::AF_INET6
        }
    }

    /// Runs `call` with the ABI form of `addr` (a 4- or 16-byte address buffer) and its port.
    fn with_address<T>(addr: &SocketAddr, call: impl FnOnce(&sys::Address, u32) -> T) -> T {
        match addr.ip() {
            IpAddr::V4(ip) => {
                let octets = ip.octets();
                call(&sys::Address { buf: octets.as_ptr(), len: 4 }, addr.port() as u32)
            }
            IpAddr::V6(ip) => {
                let octets = ip.octets();
                call(&sys::Address { buf: octets.as_ptr(), len: 16 }, addr.port() as u32)
            }
        }
    }

    fn socket_addr(fd: &Fd, peer: bool) -> io::Result<SocketAddr> {
        let mut ip = [0u8; 16];
        let mut addr = sys::Address { buf: ip.as_mut_ptr(), len: 16 };
        let (mut addr_type, mut port) = (0u32, 0u32);
        sys::check(unsafe {
            if peer {
                sys::sock_getpeeraddr(fd.0, &mut addr, &mut addr_type, &mut port)
            } else {
                sys::sock_getlocaladdr(fd.0, &mut addr, &mut addr_type, &mut port)
            }
        })?;
        let ip = match addr_type {
            4 | 1 => IpAddr::V4(Ipv4Addr::new(ip[0], ip[1], ip[2], ip[3])),
            _ => IpAddr::V6(Ipv6Addr::from(ip)),
        };
        Ok(SocketAddr::new(ip, (port & 0xffff) as u16))
    }

    fn shutdown_how(how: Shutdown) -> u32 {
        match how {
            Shutdown::Read => 1,
            Shutdown::Write => 2,
            Shutdown::Both => 3,
        }
    }

    /// A TCP connection. Blocking unless [`TcpStream::set_nonblocking`]; closed on drop.
    pub struct TcpStream {
        fd: Fd,
    }

    impl TcpStream {
        /// Connects to the first address of `addr` that accepts (a denied destination fails with
        /// `PermissionDenied`, errno 2).
        pub fn connect<A: ToSocketAddrs>(addr: A) -> io::Result<TcpStream> {
            each_addr(addr, |a| {
                let fd = Fd::open(family(a), sys::SOCK_STREAM)?;
                sys::check(with_address(a, |abi, port| unsafe { sys::sock_connect(fd.0, abi, port) }))?;
                Ok(TcpStream { fd })
            })
        }

        /// Connects with the socket's send and receive timeouts set first.
        pub fn connect_timeout(addr: &SocketAddr, timeout: Duration) -> io::Result<TcpStream> {
            let fd = Fd::open(family(addr), sys::SOCK_STREAM)?;
            fd.set_timeout(sys::SO_SNDTIMEO, Some(timeout))?;
            fd.set_timeout(sys::SO_RCVTIMEO, Some(timeout))?;
            sys::check(with_address(addr, |abi, port| unsafe { sys::sock_connect(fd.0, abi, port) }))?;
            Ok(TcpStream { fd })
        }

        pub fn peer_addr(&self) -> io::Result<SocketAddr> {
            socket_addr(&self.fd, true)
        }

        pub fn local_addr(&self) -> io::Result<SocketAddr> {
            socket_addr(&self.fd, false)
        }

        pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
            sys::check(unsafe { sys::sock_shutdown(self.fd.0, shutdown_how(how)) })
        }

        /// Non-blocking reads and writes fail with `WouldBlock` instead of waiting; wait with [`super::poll`].
        pub fn set_nonblocking(&self, on: bool) -> io::Result<()> {
            self.fd.set_nonblocking(on)
        }

        /// A read that waits longer fails with `WouldBlock` (EAGAIN); `None` waits forever.
        pub fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
            self.fd.set_timeout(sys::SO_RCVTIMEO, timeout)
        }

        pub fn set_write_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
            self.fd.set_timeout(sys::SO_SNDTIMEO, timeout)
        }

        /// Reads without taking the bytes off the connection.
        pub fn peek(&self, buf: &mut [u8]) -> io::Result<usize> {
            self.fd.recv(buf, RECV_PEEK)
        }

        /// The descriptor, for [`super::poll::PollFd`].
        pub fn as_raw_fd(&self) -> u32 {
            self.fd.0
        }
    }

    impl Read for &TcpStream {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.fd.recv(buf, 0)
        }
    }

    impl Write for &TcpStream {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.fd.send(buf)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Read for TcpStream {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            (&*self).read(buf)
        }
    }

    impl Write for TcpStream {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            (&*self).write(buf)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// A listening TCP socket (the platform grants ports with `sockeye run --listen PORT`).
    pub struct TcpListener {
        fd: Fd,
    }

    impl TcpListener {
        /// Binds and listens (backlog 128) on the first address of `addr` that works.
        pub fn bind<A: ToSocketAddrs>(addr: A) -> io::Result<TcpListener> {
            each_addr(addr, |a| {
                let fd = Fd::open(family(a), sys::SOCK_STREAM)?;
                sys::check(with_address(a, |abi, port| unsafe { sys::sock_bind(fd.0, abi, port) }))?;
                sys::check(unsafe { sys::sock_listen(fd.0, LISTEN_BACKLOG) })?;
                Ok(TcpListener { fd })
            })
        }

        /// Waits for a connection (or fails with `WouldBlock` when non-blocking and none is waiting).
        /// The new stream is blocking.
        pub fn accept(&self) -> io::Result<(TcpStream, SocketAddr)> {
            let mut new_fd = 0u32;
            sys::check(unsafe { sys::sock_accept(self.fd.0, 0, &mut new_fd) })?;
            let stream = TcpStream { fd: Fd(new_fd) };
            let peer = stream.peer_addr()?;
            Ok((stream, peer))
        }

        /// Accepted connections, one per `next()`.
        pub fn incoming(&self) -> impl Iterator<Item = io::Result<TcpStream>> + '_ {
            std::iter::repeat_with(move || self.accept().map(|(stream, _)| stream))
        }

        pub fn local_addr(&self) -> io::Result<SocketAddr> {
            socket_addr(&self.fd, false)
        }

        pub fn set_nonblocking(&self, on: bool) -> io::Result<()> {
            self.fd.set_nonblocking(on)
        }

        pub fn as_raw_fd(&self) -> u32 {
            self.fd.0
        }
    }

    /// A UDP socket. Every `send_to` destination is checked by the egress policy.
    pub struct UdpSocket {
        fd: Fd,
    }

    impl UdpSocket {
        /// Binds to `addr` (`"0.0.0.0:0"` for any local port).
        pub fn bind<A: ToSocketAddrs>(addr: A) -> io::Result<UdpSocket> {
            each_addr(addr, |a| {
                let fd = Fd::open(family(a), sys::SOCK_DGRAM)?;
                sys::check(with_address(a, |abi, port| unsafe { sys::sock_bind(fd.0, abi, port) }))?;
                Ok(UdpSocket { fd })
            })
        }

        /// Fixes the peer: `send`/`recv` then talk to it only.
        pub fn connect<A: ToSocketAddrs>(&self, addr: A) -> io::Result<()> {
            each_addr(addr, |a| sys::check(with_address(a, |abi, port| unsafe { sys::sock_connect(self.fd.0, abi, port) })))
        }

        pub fn send(&self, buf: &[u8]) -> io::Result<usize> {
            self.fd.send(buf)
        }

        /// One datagram; a longer one than `buf` is cut to fit.
        pub fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
            self.fd.recv(buf, 0)
        }

        /// Sends one datagram to the first address of `addr`.
        pub fn send_to<A: ToSocketAddrs>(&self, buf: &[u8], addr: A) -> io::Result<usize> {
            let target = *addr
                .to_socket_addrs()?
                .first()
                .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no address to send to"))?;
            let iov = sys::Iovec { buf: buf.as_ptr(), len: buf.len() as u32 };
            let mut nwritten = 0u32;
            sys::check(with_address(&target, |abi, port| unsafe {
                sys::sock_send_to(self.fd.0, &iov, 1, abi, port, 0, &mut nwritten)
            }))?;
            Ok(nwritten as usize)
        }

        /// One datagram and its sender.
        pub fn recv_from(&self, buf: &mut [u8]) -> io::Result<(usize, SocketAddr)> {
            // The 128-byte storage form: u16 LE family @0, address bytes from @2.
            let mut storage = [0u8; 128];
            let mut addr = sys::Address { buf: storage.as_mut_ptr(), len: 128 };
            let iov = sys::Iovec { buf: buf.as_mut_ptr(), len: buf.len() as u32 };
            let (mut port, mut nread, mut ro_flags) = (0u32, 0u32, 0u32);
            sys::check(unsafe {
                sys::sock_recv_from(self.fd.0, &iov, 1, &mut addr, 0, &mut port, &mut nread, &mut ro_flags)
            })?;
            let ip = if u16::from_le_bytes([storage[0], storage[1]]) == sys::AF_INET6 as u16 {
                let mut octets = [0u8; 16];
                octets.copy_from_slice(&storage[2..18]);
                IpAddr::V6(Ipv6Addr::from(octets))
            } else {
                IpAddr::V4(Ipv4Addr::new(storage[2], storage[3], storage[4], storage[5]))
            };
            Ok((nread as usize, SocketAddr::new(ip, (port & 0xffff) as u16)))
        }

        pub fn local_addr(&self) -> io::Result<SocketAddr> {
            socket_addr(&self.fd, false)
        }

        pub fn peer_addr(&self) -> io::Result<SocketAddr> {
            socket_addr(&self.fd, true)
        }

        pub fn set_nonblocking(&self, on: bool) -> io::Result<()> {
            self.fd.set_nonblocking(on)
        }

        /// A `recv` that waits longer fails with `WouldBlock` (EAGAIN); `None` waits forever.
        pub fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
            self.fd.set_timeout(sys::SO_RCVTIMEO, timeout)
        }

        pub fn as_raw_fd(&self) -> u32 {
            self.fd.0
        }
    }
}

/// Host TLS: the host does the handshake on a connected TCP socket, verifies the server's certificate chain (the
/// platform's trust store) and that it is valid for the name given, and from then on the same socket carries
/// plaintext. Sockeye's `sock_tls_connect` and `sock_tls_alpn` (docs/guest-abi.md, "Host TLS"); the C SDK's
/// `sockeye_tls.h` offers the same two calls.
///
/// Errors are `io::Error`s whose `raw_os_error()` is the WASI errno: 13 ECONNABORTED the certificate did not
/// verify (untrusted, expired, issued to another name), 65 EPROTO the server does not speak TLS or nothing was
/// agreed, 2 EACCES the egress policy does not allow the verified name, 73 ETIMEDOUT, 15 ECONNRESET, 28 EINVAL a
/// bad server name or ALPN list. After a failed upgrade the connection is closed.
pub mod tls {
    use super::net::TcpStream;
    use super::sys;
    use std::io::{self, Read, Write};
    use std::time::Duration;

    /// The longest protocol name ALPN allows.
    const MAX_PROTOCOL_LEN: usize = 255;
    const EINPROGRESS: i32 = 26;
    const EINVAL: i32 = 28;

    /// A TCP connection the host has upgraded to TLS; reads and writes are plaintext. Closed on drop.
    pub struct TlsStream {
        tcp: TcpStream,
    }

    /// Looks up `host`, connects to the first address that accepts and upgrades the connection naming `host`
    /// (`tls::connect("api.example.com", 443, &["http/1.1"])`).
    pub fn connect(host: &str, port: u16, alpn: &[&str]) -> io::Result<TlsStream> {
        TlsStream::connect(TcpStream::connect((host, port))?, host, alpn)
    }

    impl TlsStream {
        /// Upgrades the connected `tcp` to host TLS. `server_name` is sent as SNI and the certificate must be valid
        /// for it (a host name, not an IP literal); `alpn` lists the application protocols to offer, most preferred
        /// first (empty: no ALPN). A blocking stream waits until the handshake ends. A non-blocking one returns at
        /// once with the handshake under way: poll for writable, then [`TlsStream::alpn`] gives its result (and
        /// `WouldBlock` while it lasts).
        pub fn connect(tcp: TcpStream, server_name: &str, alpn: &[&str]) -> io::Result<TlsStream> {
            if alpn.iter().any(|protocol| protocol.is_empty() || protocol.contains(',')) {
                // The ABI takes one comma-separated list: refuse what it could not carry, as the host would.
                return Err(io::Error::from_raw_os_error(EINVAL));
            }
            let offer = alpn.join(",");
            let errno = unsafe {
                sys::sock_tls_connect(
                    tcp.as_raw_fd(),
                    server_name.as_ptr(),
                    server_name.len() as u32,
                    offer.as_ptr(),
                    offer.len() as u32,
                )
            };
            match sys::check(errno) {
                Ok(()) => Ok(TlsStream { tcp }),
                Err(e) if e.raw_os_error() == Some(EINPROGRESS) => Ok(TlsStream { tcp }),
                Err(e) => Err(e),
            }
        }

        /// The application protocol the handshake negotiated (`Some("h2")`), `None` when none was. On a
        /// non-blocking stream whose handshake failed, that failure's errno.
        pub fn alpn(&self) -> io::Result<Option<String>> {
            let mut protocol = [0u8; MAX_PROTOCOL_LEN];
            let mut length = 0u32;
            sys::check(unsafe {
                sys::sock_tls_alpn(self.tcp.as_raw_fd(), protocol.as_mut_ptr(), protocol.len() as u32, &mut length)
            })?;
            let length = (length as usize).min(MAX_PROTOCOL_LEN);
            Ok(if length == 0 { None } else { Some(String::from_utf8_lossy(&protocol[..length]).into_owned()) })
        }

        /// The TCP connection underneath, for its addresses, timeouts, `set_nonblocking` and `shutdown`. Its
        /// reads and writes are the same plaintext as this stream's.
        pub fn get_ref(&self) -> &TcpStream {
            &self.tcp
        }

        pub fn shutdown(&self, how: std::net::Shutdown) -> io::Result<()> {
            self.tcp.shutdown(how)
        }

        pub fn set_nonblocking(&self, on: bool) -> io::Result<()> {
            self.tcp.set_nonblocking(on)
        }

        pub fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
            self.tcp.set_read_timeout(timeout)
        }

        pub fn set_write_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
            self.tcp.set_write_timeout(timeout)
        }

        /// The descriptor, for [`super::poll::PollFd`].
        pub fn as_raw_fd(&self) -> u32 {
            self.tcp.as_raw_fd()
        }
    }

    impl Read for &TlsStream {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            (&self.tcp).read(buf)
        }
    }

    impl Write for &TlsStream {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            (&self.tcp).write(buf)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Read for TlsStream {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            (&*self).read(buf)
        }
    }

    impl Write for TlsStream {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            (&*self).write(buf)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
}

/// Waiting for several sockets at once (`poll_oneoff`), for non-blocking servers and clients.
pub mod poll {
    use super::sys;
    use std::io;
    use std::time::Duration;

    const SUBSCRIPTION_WORDS: usize = 6; // 48 bytes
    const EVENT_WORDS: usize = 4; // 32 bytes
    const EVENTTYPE_CLOCK: u8 = 0;
    const EVENTTYPE_FD_READ: u8 = 1;
    const EVENTTYPE_FD_WRITE: u8 = 2;
    const HANGUP: u16 = 1;
    const CLOCK_MONOTONIC: u64 = 1;
    const TIMEOUT_USERDATA: u64 = u64::MAX;

    /// One descriptor to wait for; `poll` fills in the `ready_*` fields.
    #[derive(Clone, Copy, Debug, Default)]
    pub struct PollFd {
        pub fd: u32,
        pub want_read: bool,
        pub want_write: bool,
        /// Data (or a connection, or EOF) is waiting.
        pub ready_read: bool,
        pub ready_write: bool,
        /// The peer closed its end.
        pub hangup: bool,
        /// The errno the host reported for this descriptor, 0 for none.
        pub error: u16,
    }

    impl PollFd {
        pub fn readable(fd: u32) -> PollFd {
            PollFd { fd, want_read: true, ..PollFd::default() }
        }

        pub fn writable(fd: u32) -> PollFd {
            PollFd { fd, want_write: true, ..PollFd::default() }
        }

        pub fn is_ready(&self) -> bool {
            self.ready_read || self.ready_write || self.hangup || self.error != 0
        }
    }

    /// Waits until at least one of `fds` is ready or `timeout` passes (`None`: no limit) and returns how many
    /// are ready. Entries that want neither reading nor writing are skipped.
    pub fn poll(fds: &mut [PollFd], timeout: Option<Duration>) -> io::Result<usize> {
        let mut subscriptions: Vec<[u64; SUBSCRIPTION_WORDS]> = Vec::new();
        for (index, entry) in fds.iter_mut().enumerate() {
            entry.ready_read = false;
            entry.ready_write = false;
            entry.hangup = false;
            entry.error = 0;
            for (wanted, kind) in [(entry.want_read, EVENTTYPE_FD_READ), (entry.want_write, EVENTTYPE_FD_WRITE)] {
                if wanted {
                    // userdata @0, tag @8, fd @16.
                    subscriptions.push([(index as u64) << 8 | kind as u64, kind as u64, entry.fd as u64, 0, 0, 0]);
                }
            }
        }
        if let Some(limit) = timeout {
            // clock: id @16, timeout (ns) @24, precision @32, flags @40 (0: relative).
            let nanos = limit.as_nanos().min(u64::MAX as u128) as u64;
            subscriptions.push([TIMEOUT_USERDATA, EVENTTYPE_CLOCK as u64, CLOCK_MONOTONIC, nanos, 0, 0]);
        }
        if subscriptions.is_empty() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "poll: nothing to wait for"));
        }
        let mut events = vec![[0u64; EVENT_WORDS]; subscriptions.len()];
        let mut count = 0u32;
        sys::check(unsafe {
            sys::poll_oneoff(
                subscriptions.as_ptr() as *const u8,
                events.as_mut_ptr() as *mut u8,
                subscriptions.len() as u32,
                &mut count,
            )
        })?;
        let mut ready = 0;
        for event in &events[..count as usize] {
            // userdata @0, error u16 @8, type u8 @10, nbytes @16, flags u16 @24.
            let userdata = event[0];
            if userdata == TIMEOUT_USERDATA {
                continue;
            }
            let entry = match fds.get_mut((userdata >> 8) as usize) {
                Some(entry) => entry,
                None => continue,
            };
            let was_ready = entry.is_ready();
            let error = (event[1] & 0xffff) as u16;
            let kind = ((event[1] >> 16) & 0xff) as u8;
            if error != 0 {
                entry.error = error;
            } else if kind == EVENTTYPE_FD_READ {
                entry.ready_read = true;
            } else if kind == EVENTTYPE_FD_WRITE {
                entry.ready_write = true;
            }
            if (event[3] & 0xffff) as u16 & HANGUP != 0 {
                entry.hangup = true;
            }
            if !was_ready && entry.is_ready() {
                ready += 1;
            }
        }
        Ok(ready)
    }
}

/// One WAGI run: the HTTP request the trigger passed in (environment and stdin) and the response written out.
pub mod wagi {
    use std::io::{self, Read, Write};

    /// The request, read once at the start of a run.
    pub struct Request {
        /// REQUEST_METHOD, e.g. `GET`.
        pub method: String,
        /// PATH_INFO below the matched route (decoded), or the whole path when the route is exact.
        pub path: String,
        /// QUERY_STRING, raw (still percent-encoded); see [`Request::query_param`].
        pub query: String,
        /// Request headers, names lower-cased (`content-type`, `user-agent`, ...).
        pub headers: Vec<(String, String)>,
        pub body: Vec<u8>,
    }

    impl Request {
        /// Reads the request from the environment and stdin; a body over `max_body` bytes is an
        /// `InvalidData` error (answer it with 413).
        pub fn read(max_body: usize) -> io::Result<Request> {
            let env = |name: &str| std::env::var(name).unwrap_or_default();
            let mut path = env("PATH_INFO");
            if path.is_empty() {
                path = env("X_RAW_PATH");
            }
            if path.is_empty() {
                path = "/".to_string();
            }
            let mut headers = Vec::new();
            for (name, value) in std::env::vars() {
                let header = match name.as_str() {
                    "CONTENT_TYPE" | "CONTENT_LENGTH" => Some(name.as_str()),
                    _ => name.strip_prefix("HTTP_"),
                };
                if let Some(header) = header {
                    if !value.is_empty() {
                        headers.push((header.to_ascii_lowercase().replace('_', "-"), value));
                    }
                }
            }
            headers.sort();
            let mut body = Vec::new();
            io::stdin().lock().take(max_body as u64 + 1).read_to_end(&mut body)?;
            if body.len() > max_body {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("the request body is larger than {} bytes", max_body),
                ));
            }
            let method = env("REQUEST_METHOD");
            Ok(Request {
                method: if method.is_empty() { "GET".to_string() } else { method },
                path,
                query: env("QUERY_STRING"),
                headers,
                body,
            })
        }

        /// A header by name, in any case.
        pub fn header(&self, name: &str) -> Option<&str> {
            let name = name.to_ascii_lowercase();
            self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
        }

        /// The first query parameter `name`, percent- and `+`-decoded.
        pub fn query_param(&self, name: &str) -> Option<String> {
            self.query
                .split('&')
                .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
                .find(|(key, _)| decode(key) == name)
                .map(|(_, value)| decode(value))
        }

        /// The body as UTF-8 text.
        pub fn text(&self) -> io::Result<&str> {
            std::str::from_utf8(&self.body)
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "the request body is not UTF-8"))
        }
    }

    /// Percent-decoding of a query component (`+` is a space); bad escapes stay as written.
    pub fn decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < bytes.len() => {
                    match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                        (Some(high), Some(low)) => {
                            out.push((high * 16 + low) as u8);
                            i += 2;
                        }
                        _ => out.push(b'%'),
                    }
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    /// A response: status, headers, body; [`Response::send`] writes it to stdout.
    pub struct Response {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    }

    impl Response {
        pub fn new(status: u16) -> Response {
            Response { status, headers: Vec::new(), body: Vec::new() }
        }

        /// A `text/plain` response with `text` and a newline.
        pub fn text(status: u16, text: &str) -> Response {
            Response::new(status).header("Content-Type", "text/plain; charset=utf-8").body(format!("{}\n", text))
        }

        /// An `application/json` response; `json` must already be JSON text.
        pub fn json(status: u16, json: &str) -> Response {
            Response::new(status).header("Content-Type", "application/json").body(format!("{}\n", json))
        }

        pub fn header(mut self, name: &str, value: &str) -> Response {
            self.headers.push((name.to_string(), value.to_string()));
            self
        }

        pub fn body(mut self, body: impl Into<Vec<u8>>) -> Response {
            self.body = body.into();
            self
        }

        /// Writes the header block and the body. A header name that is not a token or a value with CR/LF is an
        /// `InvalidInput` error and nothing is written.
        pub fn send(self) -> io::Result<()> {
            let mut head = format!("Status: {}\n", self.status);
            let mut has_type = false;
            for (name, value) in &self.headers {
                let token = !name.is_empty()
                    && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
                if !token || value.contains('\r') || value.contains('\n') {
                    return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("bad response header '{}'", name)));
                }
                has_type |= name.eq_ignore_ascii_case("content-type");
                head.push_str(&format!("{}: {}\n", name, value));
            }
            if !has_type {
                head.push_str("Content-Type: application/octet-stream\n");
            }
            head.push('\n');
            let stdout = io::stdout();
            let mut out = stdout.lock();
            out.write_all(head.as_bytes())?;
            out.write_all(&self.body)?;
            out.flush()
        }
    }

    /// `text` as a JSON string literal, quotes included.
    pub fn json_string(text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 2);
        out.push('"');
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
}
