//! telemetry-gateway: receives sensor readings over HTTP and forwards them to a collector over UDP.
//!
//! `POST /telemetry` with the readings as the body (any bytes, at most one datagram: 65,507 bytes) sends the
//! body as one UDP datagram to `$COLLECTOR` (`host:port`) and waits up to `$ACK_TIMEOUT_MS` (default 2000) for
//! the collector's acknowledgement datagram. The answer is JSON:
//! `{"forwarded":42,"collector":"127.0.0.1:9999","ack":"ack 42"}`; 504 when no acknowledgement came, 502 when
//! the datagram could not be sent (an egress rule `udp://host:port` must allow the collector).

#[path = "../../guests/sdk/rust/sockeye.rs"]
mod sockeye;

use sockeye::net::UdpSocket;
use sockeye::wagi::{json_string, Request, Response};
use std::io::ErrorKind;
use std::time::Duration;

const MAX_DATAGRAM: usize = 65_507;
const DEFAULT_ACK_TIMEOUT_MS: u64 = 2000;

fn main() {
    let response = handle().unwrap_or_else(|(status, message)| {
        eprintln!("telemetry-gateway: {}", message);
        Response::json(status, &format!("{{\"error\":{}}}", json_string(&message)))
    });
    if let Err(e) = response.send() {
        eprintln!("telemetry-gateway: cannot write the response: {}", e);
        std::process::exit(1);
    }
}

fn handle() -> Result<Response, (u16, String)> {
    let request = Request::read(MAX_DATAGRAM).map_err(|e| (413, e.to_string()))?;
    if request.method != "POST" {
        return Err((405, format!("POST the readings; {} is not supported", request.method)));
    }
    if request.body.is_empty() {
        return Err((400, "the body (the readings to forward) is empty".to_string()));
    }
    let collector = std::env::var("COLLECTOR").map_err(|_| (500, "COLLECTOR is not set (sockeye.toml [env])".to_string()))?;
    let timeout_ms = match std::env::var("ACK_TIMEOUT_MS") {
        Ok(text) => text.parse::<u64>().ok().filter(|ms| *ms > 0).ok_or((500, format!("ACK_TIMEOUT_MS '{}' is not a positive number", text)))?,
        Err(_) => DEFAULT_ACK_TIMEOUT_MS,
    };

    let socket = UdpSocket::bind("0.0.0.0:0").map_err(|e| (502, format!("udp socket: {}", e)))?;
    socket.set_read_timeout(Some(Duration::from_millis(timeout_ms))).map_err(|e| (502, format!("udp socket: {}", e)))?;
    let sent = socket
        .send_to(&request.body, collector.as_str())
        .map_err(|e| (502, format!("send to collector {}: {}", collector, e)))?;

    let mut ack = [0u8; 512];
    let (received, from) = match socket.recv_from(&mut ack) {
        Ok(got) => got,
        Err(e) if e.kind() == ErrorKind::WouldBlock || e.kind() == ErrorKind::TimedOut => {
            return Err((504, format!("collector {} did not acknowledge within {} ms", collector, timeout_ms)));
        }
        Err(e) => return Err((502, format!("receive from collector {}: {}", collector, e))),
    };
    let ack = String::from_utf8_lossy(&ack[..received]);
    Ok(Response::json(
        200,
        &format!(
            "{{\"forwarded\":{},\"collector\":{},\"ack\":{}}}",
            sent,
            json_string(&from.to_string()),
            json_string(ack.trim_end())
        ),
    ))
}
