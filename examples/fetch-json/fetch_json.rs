//! fetch-json: a function that calls one HTTP JSON API and returns a transformed answer.
//!
//! Every request GETs `$API_URL` (a to-do list: a JSON array of objects with `title` and `completed`), and
//! answers a summary: `{"source":"...","total":3,"completed":1,"open":["write docs","ship"]}`.
//! `?limit=N` keeps the first N open titles. The function's egress rules must allow the API's host and port;
//! when they do not, the connect fails with EACCES and the answer is a 502 saying so (and the platform records
//! the denial). Plain HTTP/1.0 over `sockeye::net::TcpStream`: no TLS, no crates.

#[path = "../../guests/sdk/rust/sockeye.rs"]
mod sockeye;

use sockeye::net::TcpStream;
use sockeye::wagi::{json_string, Request, Response};
use std::io::{Read, Write};

fn main() {
    let response = match handle() {
        Ok(response) => response,
        Err(problem) => {
            eprintln!("fetch-json: {}", problem.message);
            Response::json(problem.status, &format!("{{\"error\":{}}}", json_string(&problem.message)))
        }
    };
    if let Err(e) = response.send() {
        eprintln!("fetch-json: cannot write the response: {}", e);
        std::process::exit(1);
    }
}

struct Problem {
    status: u16,
    message: String,
}

fn problem(status: u16, message: String) -> Problem {
    Problem { status, message }
}

fn handle() -> Result<Response, Problem> {
    let request = Request::read(0).map_err(|e| problem(413, e.to_string()))?;
    let limit = match request.query_param("limit") {
        Some(text) => text.parse::<usize>().map_err(|_| problem(400, format!("limit '{}' is not a number", text)))?,
        None => usize::MAX,
    };
    let url = std::env::var("API_URL").map_err(|_| problem(500, "API_URL is not set (sockeye.toml [env])".into()))?;
    let body = http_get(&url)?;
    let todos = json::parse(&body).map_err(|e| problem(502, format!("{} did not answer JSON: {}", url, e)))?;
    let items = match &todos {
        json::Value::Array(items) => items,
        _ => return Err(problem(502, format!("{} did not answer a JSON array", url))),
    };
    let mut completed = 0;
    let mut open = Vec::new();
    for item in items {
        if item.get("completed") == Some(&json::Value::Bool(true)) {
            completed += 1;
        } else if let Some(json::Value::String(title)) = item.get("title") {
            if open.len() < limit {
                open.push(json_string(title));
            }
        }
    }
    Ok(Response::json(
        200,
        &format!(
            "{{\"source\":{},\"total\":{},\"completed\":{},\"open\":[{}]}}",
            json_string(&url),
            items.len(),
            completed,
            open.join(",")
        ),
    ))
}

/// GETs an `http://host[:port]/path` URL and returns the body of a 200 answer.
fn http_get(url: &str) -> Result<String, Problem> {
    let rest = url.strip_prefix("http://").ok_or_else(|| problem(500, format!("API_URL '{}' is not http://", url)))?;
    let (authority, path) = match rest.find('/') {
        Some(slash) => (&rest[..slash], &rest[slash..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || authority.starts_with('[') => (
            host,
            port.parse::<u16>().map_err(|_| problem(500, format!("bad port in API_URL '{}'", url)))?,
        ),
        _ => (authority, 80),
    };
    // io::Error's text ends with "(os error N)": N is the WASI errno (2 EACCES: no egress rule allows it).
    let failed = |what: &str, e: std::io::Error| problem(502, format!("{} {}:{}: {}", what, host, port, e));
    let mut stream = TcpStream::connect((host, port)).map_err(|e| failed("connect", e))?;
    let request = format!("GET {} HTTP/1.0\r\nHost: {}\r\nAccept: application/json\r\n\r\n", path, authority);
    stream.write_all(request.as_bytes()).map_err(|e| failed("send to", e))?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).map_err(|e| failed("read from", e))?;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").ok_or_else(|| problem(502, format!("{} sent no HTTP answer", url)))?;
    let status = head.split_whitespace().nth(1).unwrap_or("");
    if status != "200" {
        return Err(problem(502, format!("{} answered HTTP {}", url, status)));
    }
    Ok(body.to_string())
}

/// Just enough JSON: parse text into a tree (numbers stay text).
mod json {
    #[derive(Debug, PartialEq)]
    pub enum Value {
        Null,
        Bool(bool),
        Number(String),
        String(String),
        Array(Vec<Value>),
        Object(Vec<(String, Value)>),
    }

    impl Value {
        pub fn get(&self, key: &str) -> Option<&Value> {
            match self {
                Value::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
                _ => None,
            }
        }
    }

    pub fn parse(text: &str) -> Result<Value, String> {
        let mut parser = Parser { chars: text.chars().collect(), at: 0 };
        let value = parser.value()?;
        parser.skip_space();
        if parser.at < parser.chars.len() {
            return Err(format!("unexpected text at character {}", parser.at));
        }
        Ok(value)
    }

    struct Parser {
        chars: Vec<char>,
        at: usize,
    }

    impl Parser {
        fn skip_space(&mut self) {
            while self.at < self.chars.len() && self.chars[self.at].is_whitespace() {
                self.at += 1;
            }
        }

        fn peek(&mut self) -> Option<char> {
            self.skip_space();
            self.chars.get(self.at).copied()
        }

        fn expect(&mut self, c: char) -> Result<(), String> {
            if self.peek() == Some(c) {
                self.at += 1;
                Ok(())
            } else {
                Err(format!("expected '{}' at character {}", c, self.at))
            }
        }

        fn literal(&mut self, word: &str, value: Value) -> Result<Value, String> {
            let end = self.at + word.len();
            if end <= self.chars.len() && self.chars[self.at..end].iter().copied().eq(word.chars()) {
                self.at = end;
                Ok(value)
            } else {
                Err(format!("unexpected text at character {}", self.at))
            }
        }

        fn value(&mut self) -> Result<Value, String> {
            match self.peek() {
                Some('{') => self.object(),
                Some('[') => self.array(),
                Some('"') => self.string().map(Value::String),
                Some('t') => self.literal("true", Value::Bool(true)),
                Some('f') => self.literal("false", Value::Bool(false)),
                Some('n') => self.literal("null", Value::Null),
                Some(c) if c == '-' || c.is_ascii_digit() => {
                    let start = self.at;
                    while self.at < self.chars.len() && "+-.eE0123456789".contains(self.chars[self.at]) {
                        self.at += 1;
                    }
                    Ok(Value::Number(self.chars[start..self.at].iter().collect()))
                }
                _ => Err(format!("expected a value at character {}", self.at)),
            }
        }

        fn array(&mut self) -> Result<Value, String> {
            self.expect('[')?;
            let mut items = Vec::new();
            if self.peek() == Some(']') {
                self.at += 1;
                return Ok(Value::Array(items));
            }
            loop {
                items.push(self.value()?);
                if self.peek() == Some(',') {
                    self.at += 1;
                } else {
                    self.expect(']')?;
                    return Ok(Value::Array(items));
                }
            }
        }

        fn object(&mut self) -> Result<Value, String> {
            self.expect('{')?;
            let mut fields = Vec::new();
            if self.peek() == Some('}') {
                self.at += 1;
                return Ok(Value::Object(fields));
            }
            loop {
                self.skip_space();
                let key = self.string()?;
                self.expect(':')?;
                fields.push((key, self.value()?));
                if self.peek() == Some(',') {
                    self.at += 1;
                } else {
                    self.expect('}')?;
                    return Ok(Value::Object(fields));
                }
            }
        }

        fn string(&mut self) -> Result<String, String> {
            self.expect('"')?;
            let mut out = String::new();
            loop {
                let c = *self.chars.get(self.at).ok_or("unterminated string")?;
                self.at += 1;
                match c {
                    '"' => return Ok(out),
                    '\\' => {
                        let escaped = *self.chars.get(self.at).ok_or("unterminated string")?;
                        self.at += 1;
                        out.push(match escaped {
                            'n' => '\n',
                            't' => '\t',
                            'r' => '\r',
                            'b' => '\u{8}',
                            'f' => '\u{c}',
                            'u' => {
                                let hex: String = self.chars.iter().skip(self.at).take(4).collect();
                                self.at += 4;
                                let code = u32::from_str_radix(&hex, 16).map_err(|_| "bad \\u escape")?;
                                char::from_u32(code).unwrap_or('\u{fffd}')
                            }
                            other => other,
                        });
                    }
                    c => out.push(c),
                }
            }
        }
    }
}
