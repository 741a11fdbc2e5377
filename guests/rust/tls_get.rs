//! tls_get IP PORT SERVER_NAME [ALPN]
//!
//! A Rust guest (std only, raw imports) that uses host TLS: connects a TCP
//! socket to IP:PORT (an IPv4 literal, no lookup), upgrades it with Sockeye's
//! sock_tls_connect naming SERVER_NAME (SNI, and the name the certificate must
//! be valid for) and offering ALPN (a comma-separated list), prints
//! "alpn=<negotiated>" from sock_tls_alpn, then speaks tls_fetch's request
//! "UPLOAD 0 DOWNLOAD 0\n" in plaintext over the upgraded fd (fd_write and
//! fd_read through std's File) and copies the answer to stdout.
//!
//! Exit codes: 0 success; a WASI errno on failure, with "<call>: errno=<n>" on
//! stderr; 120 for a bad command line.

use std::fs::File;
use std::io::{Read, Write};
use std::net::Ipv4Addr;
use std::os::wasi::io::FromRawFd;

#[repr(C)]
struct WasiAddress {
    buf: *const u8,
    size: u32,
}

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn sock_open(family: u32, sock_type: u32, fd: *mut u32) -> u32;
    fn sock_connect(fd: u32, addr: *const WasiAddress, port: u32) -> u32;
    fn sock_tls_connect(
        fd: u32,
        server_name: *const u8,
        server_name_len: u32,
        alpn: *const u8,
        alpn_len: u32,
    ) -> u32;
    fn sock_tls_alpn(fd: u32, buf: *mut u8, buf_len: u32, len: *mut u32) -> u32;
}

const AF_INET4: u32 = 1;
const SOCK_STREAM: u32 = 2;
const EXIT_USAGE: i32 = 120;

fn check(call: &str, errno: u32) {
    if errno != 0 {
        let _ = std::io::stdout().flush();
        eprintln!("{}: errno={}", call, errno);
        std::process::exit(errno as i32);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 && args.len() != 5 {
        eprintln!("usage: tls_get IP PORT SERVER_NAME [ALPN]");
        std::process::exit(EXIT_USAGE);
    }
    let (ip, port) = match (args[1].parse::<Ipv4Addr>(), args[2].parse::<u16>()) {
        (Ok(ip), Ok(port)) => (ip.octets(), port),
        _ => {
            eprintln!("usage: tls_get IP PORT SERVER_NAME [ALPN]");
            std::process::exit(EXIT_USAGE);
        }
    };
    let (name, alpn) = (&args[3], args.get(4).map(String::as_str).unwrap_or(""));

    let mut fd: u32 = 0;
    check("socket", unsafe { sock_open(AF_INET4, SOCK_STREAM, &mut fd) });
    let addr = WasiAddress { buf: ip.as_ptr(), size: 4 };
    check("connect", unsafe { sock_connect(fd, &addr, port as u32) });
    check("sock_tls_connect", unsafe {
        sock_tls_connect(fd, name.as_ptr(), name.len() as u32, alpn.as_ptr(), alpn.len() as u32)
    });
    let mut protocol = [0u8; 255];
    let mut length: u32 = 0;
    check("sock_tls_alpn", unsafe {
        sock_tls_alpn(fd, protocol.as_mut_ptr(), protocol.len() as u32, &mut length)
    });
    println!("alpn={}", String::from_utf8_lossy(&protocol[..length as usize]));

    // From here the socket is an ordinary fd carrying plaintext: std's File reads and writes it.
    let mut socket = unsafe { File::from_raw_fd(fd as i32) };
    if let Err(e) = socket.write_all(b"UPLOAD 0 DOWNLOAD 0\n") {
        check("write", e.raw_os_error().unwrap_or(29) as u32);
    }
    let mut answer = Vec::new();
    if let Err(e) = socket.read_to_end(&mut answer) {
        check("read", e.raw_os_error().unwrap_or(29) as u32);
    }
    let mut out = std::io::stdout();
    let _ = out.write_all(&answer);
    let _ = out.flush();
}
