//! echo-service PORT [CLIENTS]: a TCP echo server that serves many clients at once from one thread.
//!
//! Listens on 0.0.0.0:PORT and sends every byte each client sends back to it. All sockets are non-blocking and
//! one `poll_oneoff` loop (`sockeye::poll`) waits for all of them: a slow client never holds up the others, and a
//! client's echo that it is not reading yet waits in its own buffer (that client is not read from until it
//! drains). Prints `listening=PORT`, then `accepted=ADDR` and `closed=ADDR` per client; with CLIENTS it exits 0
//! once that many clients have come and gone, else it serves forever. Run it locally with
//! `sockeye run --listen PORT echo_service.wasm PORT`.

#[path = "../../guests/sdk/rust/sockeye.rs"]
mod sockeye;

use sockeye::net::{TcpListener, TcpStream};
use sockeye::poll::{poll, PollFd};
use std::io::{ErrorKind, Read, Write};

const BUFFER_SIZE: usize = 16 * 1024;
const EXIT_USAGE: i32 = 120;

struct Client {
    stream: TcpStream,
    peer: String,
    pending: Vec<u8>,
    sent: usize,
}

enum Progress {
    Open,
    Closed,
}

impl Client {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<Progress> {
        match self.stream.read(buffer) {
            Ok(0) => Ok(Progress::Closed),
            Ok(n) => {
                self.pending.extend_from_slice(&buffer[..n]);
                Ok(Progress::Open)
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => Ok(Progress::Open),
            Err(e) if gone(&e) => Ok(Progress::Closed),
            Err(e) => Err(e),
        }
    }

    fn write(&mut self) -> std::io::Result<Progress> {
        match self.stream.write(&self.pending[self.sent..]) {
            Ok(n) => {
                self.sent += n;
                if self.sent == self.pending.len() {
                    self.pending.clear();
                    self.sent = 0;
                }
                Ok(Progress::Open)
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => Ok(Progress::Open),
            Err(e) if gone(&e) => Ok(Progress::Closed),
            Err(e) => Err(e),
        }
    }
}

fn gone(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::ConnectionReset | ErrorKind::BrokenPipe | ErrorKind::ConnectionAborted)
}

fn fail(what: &str, e: std::io::Error) -> ! {
    eprintln!("echo-service: {}: {}", what, e);
    std::process::exit(e.raw_os_error().unwrap_or(1));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let port = args.get(1).and_then(|p| p.parse::<u16>().ok());
    let wanted = match args.get(2) {
        Some(text) => text.parse::<usize>().ok(),
        None => Some(usize::MAX),
    };
    let (port, wanted) = match (port, wanted, args.len() <= 3) {
        (Some(port), Some(wanted), true) => (port, wanted),
        _ => {
            eprintln!("usage: echo_service PORT [CLIENTS]");
            std::process::exit(EXIT_USAGE);
        }
    };

    let listener = TcpListener::bind(("0.0.0.0", port)).unwrap_or_else(|e| fail("listen", e));
    listener.set_nonblocking(true).unwrap_or_else(|e| fail("listen", e));
    println!("listening={}", listener.local_addr().map(|a| a.port()).unwrap_or(port));

    let mut clients: Vec<Client> = Vec::new();
    let mut accepted = 0usize;
    let mut served = 0usize;
    let mut buffer = vec![0u8; BUFFER_SIZE];
    while served < wanted {
        // Entry 0 is the listener (skipped once enough clients came); entry 1 + i is clients[i].
        let mut fds = vec![PollFd { want_read: accepted < wanted, ..PollFd::readable(listener.as_raw_fd()) }];
        for client in &clients {
            let waiting = !client.pending.is_empty();
            fds.push(PollFd { fd: client.stream.as_raw_fd(), want_read: !waiting, want_write: waiting, ..PollFd::default() });
        }
        poll(&mut fds, None).unwrap_or_else(|e| fail("poll", e));

        let mut index = 0;
        clients.retain_mut(|client| {
            let ready = fds[1 + index];
            index += 1;
            if !ready.is_ready() {
                return true;
            }
            let progress = if client.pending.is_empty() { client.read(&mut buffer) } else { client.write() };
            match progress.unwrap_or_else(|e| fail("client", e)) {
                Progress::Open => true,
                Progress::Closed => {
                    println!("closed={}", client.peer);
                    served += 1;
                    false
                }
            }
        });
        if fds[0].ready_read {
            match listener.accept() {
                Ok((stream, peer)) => {
                    stream.set_nonblocking(true).unwrap_or_else(|e| fail("accept", e));
                    println!("accepted={}", peer);
                    accepted += 1;
                    clients.push(Client { stream, peer: peer.to_string(), pending: Vec::new(), sent: 0 });
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                Err(e) => fail("accept", e),
            }
        }
    }
    println!("served={}", served);
}
