//! tls_stream HOST PORT [--tls SERVER_NAME] [--alpn LIST] [--download BYTES] [--no-hash] [--connections N]
//!
//! A Rust guest built on the SDK (guests/sdk/rust/sockeye.rs): resolves HOST (a name or an IP literal), connects
//! to the first address that accepts, and with --tls upgrades the connection with `sockeye::tls::TlsStream`
//! naming SERVER_NAME and offering the ALPN protocols in LIST (comma-separated), printing `alpn=<negotiated>`
//! (`alpn=` for none). Without --tls it talks plaintext over the same code, which is what makes it the TLS
//! benchmark's guest for both modes. It sends tls_fetch's request `UPLOAD 0 DOWNLOAD <BYTES>\n`, prints the
//! server's two header lines, reads the rest until EOF and prints `received=<n> fnv1a=<hash>` (`received=<n>`
//! with --no-hash: hashing per byte costs more than the I/O a benchmark measures).
//!
//! --connections N does all of that N times, one connection after the other, printing the header lines and the
//! alpn line of the first only, then `connections=<N> elapsed_us=<microseconds for all N>` (monotonic clock, from
//! the first connect to the last EOF). Without it the line is `connections=1 elapsed_us=<n>`.
//!
//! Exit codes: 0 success; a WASI errno on failure, with `<call>: errno=<n>` on stderr (`connect`,
//! `sock_tls_connect`, `sock_tls_alpn`, `send`, `recv`); 84 with `getaddrinfo: <reason>` if HOST does not
//! resolve; 101 if the connection ended inside the header lines; 120 for a bad command line.

#[path = "../sdk/rust/sockeye.rs"]
mod sockeye;

use sockeye::net::{self, TcpStream};
use sockeye::tls::TlsStream;
use std::io::{self, Read, Write};
use std::time::Instant;

const USAGE: &str =
    "usage: tls_stream HOST PORT [--tls SERVER_NAME] [--alpn LIST] [--download BYTES] [--no-hash] [--connections N]";
const EXIT_EARLY_EOF: i32 = 101;
const EXIT_USAGE: i32 = 120;
const EXIT_NO_NAME: i32 = 84;
const EIO: i32 = 29;
const HEADER_LINES: usize = 2;
const FNV_OFFSET: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

struct Options {
    host: String,
    port: u16,
    server_name: Option<String>,
    alpn: Vec<String>,
    download: u64,
    hash: bool,
    connections: u32,
}

fn usage() -> ! {
    eprintln!("{}", USAGE);
    std::process::exit(EXIT_USAGE);
}

fn parse_options() -> Options {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        usage();
    }
    let port = args[2].parse::<u16>().unwrap_or_else(|_| usage());
    let mut options = Options {
        host: args[1].clone(),
        port,
        server_name: None,
        alpn: Vec::new(),
        download: 0,
        hash: true,
        connections: 1,
    };
    let mut rest = args[3..].iter();
    while let Some(flag) = rest.next() {
        let mut value = || rest.next().cloned().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--tls" => options.server_name = Some(value()),
            "--alpn" => options.alpn = value().split(',').map(str::to_string).collect(),
            "--download" => options.download = value().parse().unwrap_or_else(|_| usage()),
            "--connections" => match value().parse::<u32>() {
                Ok(n) if n > 0 => options.connections = n,
                _ => usage(),
            },
            "--no-hash" => options.hash = false,
            _ => usage(),
        }
    }
    options
}

/// Prints `<call>: errno=<n>` and exits with the errno (EIO for an error that carries none).
fn fail(call: &str, error: io::Error) -> ! {
    let _ = io::stdout().flush();
    let errno = error.raw_os_error().unwrap_or(EIO);
    eprintln!("{}: errno={} ({})", call, errno, error);
    std::process::exit(errno);
}

fn connect(options: &Options) -> TcpStream {
    let addresses = net::lookup_host(&options.host, options.port).unwrap_or_else(|e| {
        eprintln!("getaddrinfo: {}", e);
        std::process::exit(EXIT_NO_NAME);
    });
    let mut last = None;
    for address in addresses {
        match TcpStream::connect(address) {
            Ok(stream) => return stream,
            Err(e) => last = Some(e),
        }
    }
    fail("connect", last.unwrap_or_else(|| io::Error::from_raw_os_error(EIO)))
}

/// One request and its answer over `stream`, plaintext or host TLS alike; returns the body's length and hash.
fn exchange<S: Read + Write>(mut stream: S, options: &Options, print_headers: bool) -> (u64, u32) {
    let request = format!("UPLOAD 0 DOWNLOAD {}\n", options.download);
    if let Err(e) = stream.write_all(request.as_bytes()) {
        fail("send", e);
    }
    let mut buf = vec![0u8; 64 * 1024];
    let mut header = Vec::new();
    let mut lines = 0;
    let (mut received, mut hash) = (0u64, FNV_OFFSET);
    loop {
        let n = match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => fail("recv", e),
        };
        let mut body = &buf[..n];
        while lines < HEADER_LINES && !body.is_empty() {
            let byte = body[0];
            body = &body[1..];
            header.push(byte);
            if byte == b'\n' {
                lines += 1;
            }
        }
        received += body.len() as u64;
        if options.hash {
            for &byte in body {
                hash = (hash ^ byte as u32).wrapping_mul(FNV_PRIME);
            }
        }
    }
    if lines < HEADER_LINES {
        let _ = io::stdout().flush();
        eprintln!("recv: eof inside the header lines after {} bytes", header.len());
        std::process::exit(EXIT_EARLY_EOF);
    }
    if print_headers {
        print!("{}", String::from_utf8_lossy(&header));
    }
    (received, hash)
}

fn main() {
    let options = parse_options();
    let alpn: Vec<&str> = options.alpn.iter().map(String::as_str).collect();
    let start = Instant::now();
    let mut last = (0, FNV_OFFSET);
    for connection in 0..options.connections {
        let first = connection == 0;
        let tcp = connect(&options);
        last = match &options.server_name {
            None => exchange(tcp, &options, first),
            Some(name) => {
                let stream = TlsStream::connect(tcp, name, &alpn).unwrap_or_else(|e| fail("sock_tls_connect", e));
                if first {
                    let negotiated = stream.alpn().unwrap_or_else(|e| fail("sock_tls_alpn", e));
                    println!("alpn={}", negotiated.unwrap_or_default());
                }
                exchange(stream, &options, first)
            }
        };
    }
    let elapsed = start.elapsed();
    if options.hash {
        println!("received={} fnv1a={:08x}", last.0, last.1);
    } else {
        println!("received={}", last.0);
    }
    println!("connections={} elapsed_us={}", options.connections, elapsed.as_micros());
    let _ = io::stdout().flush();
}
