//! pg-query: a database client. Every request runs one SQL statement on Postgres and answers its rows as JSON.
//!
//! The statement is the request body (`POST /pg-query` with `select id, name from things`); the answer is
//! `{"columns":["id","name"],"rows":[{"id":"1","name":"Ada"}],"command":"SELECT 1"}` (values in Postgres' text
//! form, SQL NULL as null). It speaks the Postgres wire protocol (v3) itself over `sockeye::net::TcpStream`:
//! startup, authentication (trust, cleartext, md5, or SCRAM-SHA-256 with the server's signature checked), and the
//! simple query protocol. Where Postgres is comes from `PGHOST`, `PGPORT` (5432), `PGUSER`, `PGPASSWORD` (set
//! it as a secret: `sockeye secret set pg-query PGPASSWORD`) and `PGDATABASE` (the user's name); the egress rule
//! `postgres://HOST` lets the function reach it. Errors are JSON too: a Postgres error is a 400 with its
//! SQLSTATE, a failed connection or login a 502.

#[path = "../../guests/sdk/rust/sockeye.rs"]
mod sockeye;

use sockeye::net::TcpStream;
use sockeye::wagi::{json_string, Request, Response};
use std::io::{Read, Write};

const MAX_QUERY_BYTES: usize = 64 * 1024;

fn main() {
    let response = handle().unwrap_or_else(|(status, message)| {
        eprintln!("pg-query: {}", message);
        Response::json(status, &format!("{{\"error\":{}}}", json_string(&message)))
    });
    if let Err(e) = response.send() {
        eprintln!("pg-query: cannot write the response: {}", e);
        std::process::exit(1);
    }
}

type Failure = (u16, String);

fn handle() -> Result<Response, Failure> {
    let request = Request::read(MAX_QUERY_BYTES).map_err(|e| (413, e.to_string()))?;
    let sql = request.text().map_err(|e| (400, e.to_string()))?.trim().to_string();
    if sql.is_empty() {
        return Err((400, "POST one SQL statement as the body".to_string()));
    }
    let env = |name: &str, default: &str| std::env::var(name).ok().filter(|v| !v.is_empty()).unwrap_or(default.to_string());
    let host = env("PGHOST", "127.0.0.1");
    let port: u16 = env("PGPORT", "5432").parse().map_err(|_| (500, "PGPORT is not a port number".to_string()))?;
    let user = env("PGUSER", "postgres");
    let database = env("PGDATABASE", &user);
    let password = std::env::var("PGPASSWORD").ok();

    let stream = TcpStream::connect((host.as_str(), port)).map_err(|e| (502, format!("connect {}:{}: {}", host, port, e)))?;
    let mut pg = Connection { stream, host: format!("{}:{}", host, port) };
    pg.start(&user, &database, password.as_deref())?;
    let result = pg.query(&sql)?;
    pg.terminate();
    Ok(Response::json(200, &result))
}

/// One connection, speaking protocol 3.0: messages are a type byte, a big-endian i32 length (itself included), data.
struct Connection {
    stream: TcpStream,
    host: String,
}

impl Connection {
    fn io(&self, what: &str, e: std::io::Error) -> Failure {
        (502, format!("{} {}: {}", what, self.host, e))
    }

    fn send(&mut self, kind: Option<u8>, body: &[u8]) -> Result<(), Failure> {
        let mut message = Vec::with_capacity(body.len() + 5);
        if let Some(kind) = kind {
            message.push(kind);
        }
        message.extend_from_slice(&((body.len() + 4) as i32).to_be_bytes());
        message.extend_from_slice(body);
        self.stream.write_all(&message).map_err(|e| self.io("send to", e))
    }

    fn receive(&mut self) -> Result<(u8, Vec<u8>), Failure> {
        let mut head = [0u8; 5];
        self.stream.read_exact(&mut head).map_err(|e| self.io("receive from", e))?;
        let length = i32::from_be_bytes([head[1], head[2], head[3], head[4]]);
        if !(4..=64 * 1024 * 1024).contains(&length) {
            return Err((502, format!("{} sent a message of length {}", self.host, length)));
        }
        let mut body = vec![0u8; length as usize - 4];
        self.stream.read_exact(&mut body).map_err(|e| self.io("receive from", e))?;
        Ok((head[0], body))
    }

    fn start(&mut self, user: &str, database: &str, password: Option<&str>) -> Result<(), Failure> {
        let mut startup = 196_608i32.to_be_bytes().to_vec(); // protocol 3.0
        for (key, value) in [("user", user), ("database", database), ("client_encoding", "UTF8")] {
            startup.extend_from_slice(key.as_bytes());
            startup.push(0);
            startup.extend_from_slice(value.as_bytes());
            startup.push(0);
        }
        startup.push(0);
        self.send(None, &startup)?;
        let mut scram: Option<scram::Client> = None;
        loop {
            let (kind, body) = self.receive()?;
            match kind {
                b'R' => {
                    let code = be_i32(&body, 0);
                    let needs = |password: Option<&str>| {
                        password.map(str::to_string).ok_or((502, "the server asks for a password: set PGPASSWORD".to_string()))
                    };
                    match code {
                        0 => {}
                        3 => {
                            let mut text = needs(password)?.into_bytes();
                            text.push(0);
                            self.send(Some(b'p'), &text)?;
                        }
                        5 => {
                            // md5: "md5" + hex(md5(hex(md5(password + user)) + salt)), the salt being 4 bytes.
                            let salt = body.get(4..8).ok_or((502, "MD5 request without its salt".to_string()))?;
                            let inner = crypto::hex(&crypto::md5(format!("{}{}", needs(password)?, user).as_bytes()));
                            let outer = crypto::md5(&[inner.as_bytes(), salt].concat());
                            let mut text = format!("md5{}", crypto::hex(&outer)).into_bytes();
                            text.push(0);
                            self.send(Some(b'p'), &text)?;
                        }
                        10 => {
                            let mechanisms = String::from_utf8_lossy(&body[4..]).to_string();
                            if !mechanisms.split('\0').any(|m| m == "SCRAM-SHA-256") {
                                return Err((502, format!("no supported SASL mechanism in {:?}", mechanisms)));
                            }
                            let client = scram::Client::new(&needs(password)?);
                            let first = client.first_message();
                            let mut message = b"SCRAM-SHA-256\0".to_vec();
                            message.extend_from_slice(&(first.len() as i32).to_be_bytes());
                            message.extend_from_slice(first.as_bytes());
                            self.send(Some(b'p'), &message)?;
                            scram = Some(client);
                        }
                        11 => {
                            let client = scram.as_mut().ok_or((502, "SASL continue without a SASL start".to_string()))?;
                            let last = client.final_message(&String::from_utf8_lossy(&body[4..])).map_err(|e| (502, e))?;
                            self.send(Some(b'p'), last.as_bytes())?;
                        }
                        12 => {
                            let client = scram.as_ref().ok_or((502, "SASL final without a SASL start".to_string()))?;
                            client.verify_server(&String::from_utf8_lossy(&body[4..])).map_err(|e| (502, e))?;
                        }
                        other => return Err((502, format!("authentication method {} is not supported (use scram-sha-256 or md5)", other))),
                    }
                }
                b'E' => return Err((502, format!("login refused: {}", server_error(&body)))),
                b'Z' => return Ok(()),
                _ => {} // ParameterStatus, BackendKeyData, NoticeResponse
            }
        }
    }

    /// Runs one simple query and returns its rows as JSON text.
    fn query(&mut self, sql: &str) -> Result<String, Failure> {
        let mut text = sql.as_bytes().to_vec();
        text.push(0);
        self.send(Some(b'Q'), &text)?;
        let mut columns: Vec<String> = Vec::new();
        let mut rows: Vec<String> = Vec::new();
        let mut command = String::new();
        let mut error: Option<String> = None;
        loop {
            let (kind, body) = self.receive()?;
            match kind {
                b'T' => {
                    columns.clear();
                    let mut at = 2;
                    for _ in 0..be_i16(&body, 0) {
                        let name = c_string(&body, at);
                        at += name.len() + 1 + 18; // name, NUL, table oid .. format code
                        columns.push(name);
                    }
                }
                b'D' => {
                    let mut fields = Vec::new();
                    let mut at = 2;
                    for i in 0..be_i16(&body, 0) as usize {
                        let length = be_i32(&body, at);
                        at += 4;
                        let value = if length < 0 {
                            "null".to_string()
                        } else {
                            let end = at + length as usize;
                            let text = String::from_utf8_lossy(&body[at..end]).to_string();
                            at = end;
                            json_string(&text)
                        };
                        let name = columns.get(i).cloned().unwrap_or_else(|| format!("column{}", i + 1));
                        fields.push(format!("{}:{}", json_string(&name), value));
                    }
                    rows.push(format!("{{{}}}", fields.join(",")));
                }
                b'C' => command = c_string(&body, 0),
                b'E' => error = Some(server_error(&body)),
                b'Z' => break,
                _ => {} // EmptyQueryResponse, NoticeResponse, ...
            }
        }
        if let Some(error) = error {
            return Err((400, error));
        }
        let columns: Vec<String> = columns.iter().map(|c| json_string(c)).collect();
        Ok(format!(
            "{{\"columns\":[{}],\"rows\":[{}],\"command\":{}}}",
            columns.join(","),
            rows.join(","),
            json_string(&command)
        ))
    }

    fn terminate(&mut self) {
        let _ = self.send(Some(b'X'), &[]);
    }
}

fn be_i32(data: &[u8], at: usize) -> i32 {
    i32::from_be_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]])
}

fn be_i16(data: &[u8], at: usize) -> i16 {
    i16::from_be_bytes([data[at], data[at + 1]])
}

fn c_string(data: &[u8], at: usize) -> String {
    let end = data[at..].iter().position(|b| *b == 0).map(|n| at + n).unwrap_or(data.len());
    String::from_utf8_lossy(&data[at..end]).to_string()
}

/// An ErrorResponse as "SEVERITY SQLSTATE: message".
fn server_error(body: &[u8]) -> String {
    let (mut severity, mut code, mut message) = (String::new(), String::new(), String::new());
    let mut at = 0;
    while at < body.len() && body[at] != 0 {
        let field = body[at];
        let value = c_string(body, at + 1);
        at += value.len() + 2;
        match field {
            b'S' => severity = value,
            b'C' => code = value,
            b'M' => message = value,
            _ => {}
        }
    }
    format!("{} {}: {}", severity, code, message)
}

/// SCRAM-SHA-256 (RFC 5802, RFC 7677) as Postgres does it: no channel binding, the user name left empty.
mod scram {
    use super::crypto::{base64, base64_decode, hmac, pbkdf2, random_bytes, sha256};

    pub struct Client {
        password: String,
        nonce: String,
        first_bare: String,
        server_signature: Option<[u8; 32]>,
    }

    impl Client {
        pub fn new(password: &str) -> Client {
            let nonce = base64(&random_bytes(18));
            Client { password: password.to_string(), first_bare: format!("n=,r={}", nonce), nonce, server_signature: None }
        }

        pub fn first_message(&self) -> String {
            format!("n,,{}", self.first_bare)
        }

        /// The client-final message for the server-first message `server_first`.
        pub fn final_message(&mut self, server_first: &str) -> Result<String, String> {
            let attribute = |name: &str| {
                server_first
                    .split(',')
                    .find_map(|part| part.strip_prefix(name))
                    .ok_or(format!("SCRAM: the server's first message lacks {}", name))
            };
            let nonce = attribute("r=")?;
            if !nonce.starts_with(&self.nonce) {
                return Err("SCRAM: the server's nonce does not extend ours".to_string());
            }
            let salt = base64_decode(attribute("s=")?).ok_or("SCRAM: the salt is not base64")?;
            let iterations: u32 = attribute("i=")?.parse().map_err(|_| "SCRAM: bad iteration count")?;
            let salted = pbkdf2(self.password.as_bytes(), &salt, iterations);
            let client_key = hmac(&salted, b"Client Key");
            let stored_key = sha256(&client_key);
            let without_proof = format!("c=biws,r={}", nonce);
            let auth_message = format!("{},{},{}", self.first_bare, server_first, without_proof);
            let signature = hmac(&stored_key, auth_message.as_bytes());
            let mut proof = client_key;
            for (p, s) in proof.iter_mut().zip(signature.iter()) {
                *p ^= s;
            }
            self.server_signature = Some(hmac(&hmac(&salted, b"Server Key"), auth_message.as_bytes()));
            Ok(format!("{},p={}", without_proof, base64(&proof)))
        }

        /// Checks the server-final message: the server proves it knows the password too.
        pub fn verify_server(&self, server_final: &str) -> Result<(), String> {
            let expected = self.server_signature.ok_or("SCRAM: final message before the exchange")?;
            match server_final.strip_prefix("v=").and_then(base64_decode) {
                Some(signature) if signature == expected => Ok(()),
                _ => Err("SCRAM: the server's signature is wrong (not the server we meant?)".to_string()),
            }
        }
    }
}

/// SHA-256 (FIPS 180-4), HMAC (RFC 2104), PBKDF2 (RFC 8018), MD5 (RFC 1321), hex, base64 and random bytes:
/// std has none of them.
mod crypto {
    /// MD5's per-round shifts and sine-derived constants (RFC 1321, 3.4).
    const MD5_SHIFTS: [u32; 16] = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

    pub fn md5(data: &[u8]) -> [u8; 16] {
        let constants: Vec<u32> = (0..64).map(|i| ((i as f64 + 1.0).sin().abs() * 4_294_967_296.0) as u32).collect();
        let mut state: [u32; 4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
        let message = padded(data, ((data.len() as u64) * 8).to_le_bytes());
        for block in message.chunks(64) {
            let word = |i: usize| u32::from_le_bytes([block[4 * i], block[4 * i + 1], block[4 * i + 2], block[4 * i + 3]]);
            let [mut a, mut b, mut c, mut d] = state;
            for i in 0..64 {
                let (f, g) = match i / 16 {
                    0 => ((b & c) | (!b & d), i),
                    1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                    2 => (b ^ c ^ d, (3 * i + 5) % 16),
                    _ => (c ^ (b | !d), (7 * i) % 16),
                };
                let rotated = a.wrapping_add(f).wrapping_add(constants[i]).wrapping_add(word(g))
                    .rotate_left(MD5_SHIFTS[(i / 16) * 4 + i % 4]);
                a = d;
                d = c;
                c = b;
                b = b.wrapping_add(rotated);
            }
            for (value, add) in state.iter_mut().zip([a, b, c, d]) {
                *value = value.wrapping_add(add);
            }
        }
        let mut out = [0u8; 16];
        for (i, value) in state.iter().enumerate() {
            out[4 * i..4 * i + 4].copy_from_slice(&value.to_le_bytes());
        }
        out
    }

    /// MD5's and SHA-256's padding: 0x80, zeros to 56 bytes mod 64, then the bit length (in each one's byte order).
    fn padded(data: &[u8], bit_length: [u8; 8]) -> Vec<u8> {
        let mut message = data.to_vec();
        message.push(0x80);
        while message.len() % 64 != 56 {
            message.push(0);
        }
        message.extend_from_slice(&bit_length);
        message
    }

    pub fn hex(data: &[u8]) -> String {
        data.iter().map(|b| format!("{:02x}", b)).collect()
    }

    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
        0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
        0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
        0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
        0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
        0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];

    pub fn sha256(data: &[u8]) -> [u8; 32] {
        let mut h: [u32; 8] =
            [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
        let message = padded(data, ((data.len() as u64) * 8).to_be_bytes());
        for block in message.chunks(64) {
            let mut w = [0u32; 64];
            for i in 0..16 {
                w[i] = u32::from_be_bytes([block[4 * i], block[4 * i + 1], block[4 * i + 2], block[4 * i + 3]]);
            }
            for i in 16..64 {
                let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
                let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
                w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
            }
            let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
            for i in 0..64 {
                let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
                let ch = (e & f) ^ (!e & g);
                let t1 = hh.wrapping_add(s1).wrapping_add(ch).wrapping_add(K[i]).wrapping_add(w[i]);
                let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
                let maj = (a & b) ^ (a & c) ^ (b & c);
                let t2 = s0.wrapping_add(maj);
                hh = g;
                g = f;
                f = e;
                e = d.wrapping_add(t1);
                d = c;
                c = b;
                b = a;
                a = t1.wrapping_add(t2);
            }
            for (state, value) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
                *state = state.wrapping_add(value);
            }
        }
        let mut out = [0u8; 32];
        for (i, word) in h.iter().enumerate() {
            out[4 * i..4 * i + 4].copy_from_slice(&word.to_be_bytes());
        }
        out
    }

    pub fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
        let mut block = [0u8; 64];
        if key.len() > 64 {
            block[..32].copy_from_slice(&sha256(key));
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let mut inner: Vec<u8> = block.iter().map(|b| b ^ 0x36).collect();
        inner.extend_from_slice(message);
        let mut outer: Vec<u8> = block.iter().map(|b| b ^ 0x5c).collect();
        outer.extend_from_slice(&sha256(&inner));
        sha256(&outer)
    }

    /// PBKDF2-HMAC-SHA-256 with one 32-byte block (what SCRAM-SHA-256 needs).
    pub fn pbkdf2(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
        let mut first = salt.to_vec();
        first.extend_from_slice(&1u32.to_be_bytes());
        let mut u = hmac(password, &first);
        let mut out = u;
        for _ in 1..iterations {
            u = hmac(password, &u);
            for (o, x) in out.iter_mut().zip(u.iter()) {
                *o ^= x;
            }
        }
        out
    }

    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn base64(data: &[u8]) -> String {
        let mut out = String::new();
        for chunk in data.chunks(3) {
            let n = (chunk[0] as u32) << 16 | (*chunk.get(1).unwrap_or(&0) as u32) << 8 | *chunk.get(2).unwrap_or(&0) as u32;
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let (mut bits, mut count) = (0u32, 0);
        for c in text.bytes().filter(|c| *c != b'=') {
            let value = ALPHABET.iter().position(|a| *a == c)? as u32;
            bits = bits << 6 | value;
            count += 6;
            if count >= 8 {
                count -= 8;
                out.push((bits >> count) as u8);
                bits &= (1 << count) - 1;
            }
        }
        Some(out)
    }

    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        fn random_get(buf: *mut u8, len: u32) -> u32;
    }

    pub fn random_bytes(n: usize) -> Vec<u8> {
        let mut out = vec![0u8; n];
        let errno = unsafe { random_get(out.as_mut_ptr(), n as u32) };
        if errno != 0 {
            eprintln!("pg-query: random_get failed with errno {}", errno);
            std::process::exit(1);
        }
        out
    }
}
