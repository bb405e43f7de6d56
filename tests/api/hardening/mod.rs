//! The site on the open internet, one file per job: hostile requests and
//! the headers of every kind of answer (`hostile`), database faults and a
//! killed import (`faults`), shutdown on a signal (`shutdown`) and a bounded
//! load (`load`). Requests go over raw TCP where a client library would
//! tidy them (percent-encodings, dot segments, methods, sizes); this file
//! holds that client and the real binary serving on a free port.

mod faults;
mod hostile;
mod load;
mod shutdown;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What a response must be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Answer {
    /// Our Vietnamese HTML error page.
    Page,
    /// Our JSON error, under the API.
    Json,
    /// A page or file answered normally.
    Content,
    /// Refused by the HTTP layer before the application (a bare status).
    Bare,
}

pub(super) struct Raw {
    pub(super) status: u16,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: Vec<u8>,
}

impl Raw {
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends `head` (request line and headers, without the final blank line)
/// and `body` as they are, and reads the whole answer.
pub(super) fn raw_request(address: &str, head: &[u8], body: &[u8]) -> Raw {
    let mut stream = connect(address);
    let mut request = head.to_vec();
    request.extend_from_slice(b"\r\nConnection: close\r\n\r\n");
    request.extend_from_slice(body);
    // The server may answer and close before reading an oversized request.
    let _ = stream.write_all(&request);
    read_answer(stream)
}

pub(super) fn connect(address: &str) -> TcpStream {
    let address = address.trim_start_matches("http://");
    let stream = TcpStream::connect(address).expect("the server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
}

/// A connection on which the server has answered a `HEAD /`, kept open.
pub(super) fn kept_alive_connection(address: &str) -> TcpStream {
    let mut stream = connect(address);
    stream
        .write_all(b"HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    // A HEAD answer ends with its head.
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).expect("an answer to HEAD /");
        head.push(byte[0]);
    }
    assert!(head.starts_with(b"HTTP/1.1 200"), "{head:?}");
    stream
}

pub(super) fn read_answer(mut stream: TcpStream) -> Raw {
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(answer.len());
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {head:?}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Raw {
        status,
        headers,
        body: answer[(split + 4).min(answer.len())..].to_vec(),
    }
}

pub(super) fn get_raw(address: &str, target: &str) -> Raw {
    raw_request(
        address,
        format!("GET {target} HTTP/1.1\r\nHost: localhost").as_bytes(),
        b"",
    )
}

/// The real binary, serving on a free port with its own database.
pub(crate) struct Served {
    pub(crate) child: Child,
    pub(crate) address: String,
    pub(super) log: std::sync::mpsc::Receiver<String>,
    pub(super) _dir: tempfile::TempDir,
}

pub(super) fn serve_binary() -> Served {
    serve_binary_with_seed("interview")
}

/// The binary serving a database it makes from `seed` (`full` is what
/// `cargo run` does).
pub(crate) fn serve_binary_with_seed(seed: &str) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("site.sqlite");
    let mut child = Command::new(env!("CARGO_BIN_EXE_congthuong"))
        .args(["serve", "--seed", seed, "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .arg("--static-dir")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/static"))
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let (sender, log) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let address = loop {
        let line = log
            .recv_timeout(Duration::from_secs(30))
            .expect("the server says where it serves");
        if let Some((_, address)) = line.split_once("serving on ") {
            break address.trim().to_string();
        }
    };
    Served {
        child,
        address,
        log,
        _dir: dir,
    }
}

pub(super) fn wait_for_exit(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("the server did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
