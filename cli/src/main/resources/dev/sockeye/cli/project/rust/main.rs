//! {{name}}: a Sockeye HTTP function in Rust (WAGI: one run per request), std only.
//!
//! `sockeye::wagi` reads the request and writes the response; `sockeye::net` has TcpStream, TcpListener,
//! UdpSocket and lookup_host (every destination needs an egress rule in sockeye.toml).

#[path = "sockeye.rs"]
mod sockeye;

use sockeye::wagi::{json_string, Request, Response};

fn main() {
    let response = match Request::read(1024 * 1024) {
        Ok(request) => {
            let name = request.query_param("name").unwrap_or_else(|| "world".to_string());
            Response::json(
                200,
                &format!(
                    "{{\"greeting\":{},\"method\":{},\"path\":{},\"bodyBytes\":{}}}",
                    json_string(&format!("hello, {} from {{name}}", name)),
                    json_string(&request.method),
                    json_string(&request.path),
                    request.body.len()
                ),
            )
        }
        Err(e) => Response::text(413, &e.to_string()),
    };
    if let Err(e) = response.send() {
        eprintln!("{{name}}: cannot write the response: {}", e);
        std::process::exit(1);
    }
}
