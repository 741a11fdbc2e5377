//! http_get HOST PORT PATH
//!
//! A Rust guest written the way second-state/wasmedge_wasi_socket code is:
//! std only, raw `extern "C"` imports of the WasmEdge socket ABI. Resolves
//! HOST with sock_getaddrinfo, connects, sends a GET with `Connection: close`,
//! and copies the whole response to stdout.
//!
//! The getaddrinfo chain is laid out exactly like the Rust SDK's: every
//! sockaddr's sa_data_len says 14 while its buffer has room for 26 bytes (the
//! host overwrites sa_data_len with what it wrote). Hints are the SDK's
//! defaults: family INET4, STREAM, TCP, flags 0. So this guest checks that a
//! host accepts the SDK's quirks, while the C SDK states its sizes honestly.
//!
//! Exit codes: 0 success; a WASI errno (getaddrinfo's, connect's, ...) on
//! failure, with "<call>: errno=<n>" on stderr; 120 for a bad command line.

use std::io::Write;

#[repr(C)]
struct WasiAddress {
    buf: *const u8,
    size: u32,
}

#[repr(C)]
struct Iovec {
    buf: *const u8,
    size: u32,
}

#[repr(C)]
#[derive(Clone, Copy)]
struct WasiSockaddr {
    family: u8,
    sa_data_len: u32,
    sa_data: *mut u8,
}

#[repr(C, packed(4))]
#[derive(Clone, Copy)]
struct WasiAddrinfo {
    ai_flags: u16,
    ai_family: u8,
    ai_socktype: u8,
    ai_protocol: u8,
    ai_addrlen: u32,
    ai_addr: *mut WasiSockaddr,
    ai_canonname: *mut u8,
    ai_canonname_len: u32,
    ai_next: *mut WasiAddrinfo,
}

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn sock_open(family: u32, sock_type: u32, fd: *mut u32) -> u32;
    fn sock_connect(fd: u32, addr: *const WasiAddress, port: u32) -> u32;
    fn sock_send(fd: u32, iovs: *const Iovec, iovs_len: u32, flags: u32, nwritten: *mut u32)
        -> u32;
    fn sock_recv(
        fd: u32,
        iovs: *const Iovec,
        iovs_len: u32,
        flags: u32,
        nread: *mut u32,
        ro_flags: *mut u32,
    ) -> u32;
    fn sock_shutdown(fd: u32, how: u32) -> u32;
    fn sock_getaddrinfo(
        node: *const u8,
        node_len: u32,
        service: *const u8,
        service_len: u32,
        hints: *const WasiAddrinfo,
        res: *mut u32,
        max_len: u32,
        res_len: *mut u32,
    ) -> u32;
}

const AF_INET4: u8 = 1;
const SOCK_STREAM: u8 = 2;
const PROTO_TCP: u8 = 1;
const MAX_RESULTS: usize = 10;
const EXIT_USAGE: i32 = 120;

fn fail(call: &str, errno: u32) -> ! {
    let _ = std::io::stdout().flush();
    eprintln!("{}: errno={}", call, errno);
    std::process::exit(errno as i32);
}

/// IPv4 addresses and ports of HOST:PORT, as the host's sock_getaddrinfo reports them.
fn resolve(host: &str, port: &str) -> Vec<([u8; 4], u16)> {
    let mut sa_data = vec![[0u8; 26]; MAX_RESULTS];
    let mut canonnames = vec![[0u8; 30]; MAX_RESULTS];
    let mut sockaddrs = vec![
        WasiSockaddr { family: AF_INET4, sa_data_len: 14, sa_data: std::ptr::null_mut() };
        MAX_RESULTS
    ];
    let empty = WasiAddrinfo {
        ai_flags: 0,
        ai_family: AF_INET4,
        ai_socktype: SOCK_STREAM,
        ai_protocol: PROTO_TCP,
        ai_addrlen: 0,
        ai_addr: std::ptr::null_mut(),
        ai_canonname: std::ptr::null_mut(),
        ai_canonname_len: 0,
        ai_next: std::ptr::null_mut(),
    };
    let mut entries = vec![empty; MAX_RESULTS];
    for i in 0..MAX_RESULTS {
        sockaddrs[i].sa_data = sa_data[i].as_mut_ptr();
        entries[i].ai_addr = &mut sockaddrs[i];
        entries[i].ai_canonname = canonnames[i].as_mut_ptr();
    }
    for i in 1..MAX_RESULTS {
        let next: *mut WasiAddrinfo = &mut entries[i];
        entries[i - 1].ai_next = next;
    }
    // Strings carry their NUL, and the length counts it, as in the Rust SDK.
    let node = format!("{}\0", host);
    let service = format!("{}\0", port);
    let mut first = entries.as_mut_ptr() as u32;
    let mut count: u32 = 0;
    let err = unsafe {
        sock_getaddrinfo(
            node.as_ptr(),
            node.len() as u32,
            service.as_ptr(),
            service.len() as u32,
            &empty,
            &mut first,
            MAX_RESULTS as u32,
            &mut count,
        )
    };
    if err != 0 {
        fail("getaddrinfo", err);
    }
    let mut out = Vec::new();
    for i in 0..(count as usize).min(MAX_RESULTS) {
        let addrlen = entries[i].ai_addrlen;
        if addrlen == 0 || sockaddrs[i].family != AF_INET4 {
            continue;
        }
        let data = &sa_data[i];
        out.push(([data[2], data[3], data[4], data[5]], u16::from_be_bytes([data[0], data[1]])));
    }
    out
}

fn send_all(fd: u32, mut data: &[u8]) {
    while !data.is_empty() {
        let iov = Iovec { buf: data.as_ptr(), size: data.len() as u32 };
        let mut written: u32 = 0;
        let err = unsafe { sock_send(fd, &iov, 1, 0, &mut written) };
        if err != 0 {
            fail("send", err);
        }
        data = &data[written as usize..];
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: http_get HOST PORT PATH");
        std::process::exit(EXIT_USAGE);
    }
    let (host, port, path) = (&args[1], &args[2], &args[3]);

    let addrs = resolve(host, port);
    if addrs.is_empty() {
        fail("getaddrinfo", 84); // AINONAME: no IPv4 address came back
    }
    let mut fd: u32 = 0;
    let err = unsafe { sock_open(AF_INET4 as u32, SOCK_STREAM as u32, &mut fd) };
    if err != 0 {
        fail("socket", err);
    }
    let (ip, resolved_port) = addrs[0];
    let addr = WasiAddress { buf: ip.as_ptr(), size: 4 };
    let err = unsafe { sock_connect(fd, &addr, resolved_port as u32) };
    if err != 0 {
        fail("connect", err);
    }

    let request =
        format!("GET {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", path, host);
    send_all(fd, request.as_bytes());

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let iov = Iovec { buf: buf.as_mut_ptr(), size: buf.len() as u32 };
        let (mut nread, mut ro_flags) = (0u32, 0u32);
        let err = unsafe { sock_recv(fd, &iov, 1, 0, &mut nread, &mut ro_flags) };
        if err != 0 {
            fail("recv", err);
        }
        if nread == 0 {
            break;
        }
        let _ = out.write_all(&buf[..nread as usize]);
    }
    let _ = out.flush();
    unsafe {
        sock_shutdown(fd, 3);
    }
}
