//! The site on the open internet: hostile requests, security headers,
//! database faults, a killed import, shutdown on a signal, and a bounded
//! load. Requests go over raw TCP where a client library would tidy them
//! (percent-encodings, dot segments, methods, sizes).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{BASE_URL, congthuong, output_text, spawn_app, write_file};

/// What a response must be.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Answer {
    /// Our Vietnamese HTML error page.
    Page,
    /// Our JSON error, under the API.
    Json,
    /// A page or file answered normally.
    Content,
    /// Refused by the HTTP layer before the application (a bare status).
    Bare,
}

struct Raw {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends `head` (request line and headers, without the final blank line)
/// and `body` as they are, and reads the whole answer.
fn raw_request(address: &str, head: &[u8], body: &[u8]) -> Raw {
    let mut stream = connect(address);
    let mut request = head.to_vec();
    request.extend_from_slice(b"\r\nConnection: close\r\n\r\n");
    request.extend_from_slice(body);
    // The server may answer and close before reading an oversized request.
    let _ = stream.write_all(&request);
    read_answer(stream)
}

fn connect(address: &str) -> TcpStream {
    let address = address.trim_start_matches("http://");
    let stream = TcpStream::connect(address).expect("the server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
}

/// A connection on which the server has answered a `HEAD /`, kept open.
fn kept_alive_connection(address: &str) -> TcpStream {
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

fn read_answer(mut stream: TcpStream) -> Raw {
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

fn get_raw(address: &str, target: &str) -> Raw {
    raw_request(
        address,
        format!("GET {target} HTTP/1.1\r\nHost: localhost").as_bytes(),
        b"",
    )
}

/// Bytes that must never leave the server: the database, the sources, the
/// repository, files outside the static folder.
const SECRETS: [&str; 6] = [
    "SQLite format 3",
    "[package]",
    "[core]",
    "fn main",
    "root:x:0:0",
    "observation_revision",
];

/// A hostile request: its name, its head and body as sent, and the status
/// and kind of answer it must get.
type Case = (String, Vec<u8>, Vec<u8>, u16, Answer);

fn hostile_requests() -> Vec<Case> {
    let get = |target: &str, status: u16, answer: Answer| {
        (
            format!("GET {target}"),
            format!("GET {target} HTTP/1.1\r\nHost: localhost").into_bytes(),
            Vec::new(),
            status,
            answer,
        )
    };
    let method = |method: &str, target: &str, status: u16, answer: Answer| {
        (
            format!("{method} {target}"),
            format!("{method} {target} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0")
                .into_bytes(),
            Vec::new(),
            status,
            answer,
        )
    };
    use Answer::*;
    let mut cases = vec![
        // The year parameter.
        get("/?nam=abc", 400, Page),
        get("/?nam=20.23", 400, Page),
        get("/?nam=-2023", 400, Page),
        get("/?nam=1", 400, Page),
        get("/?nam=99999999999999999999999999", 400, Page),
        get("/?nam=2023&nam=2022", 400, Page),
        get("/?nam=%00", 400, Page),
        get("/?nam=2023%0d%0aSet-Cookie:%20x=1", 400, Page),
        get("/?nam=%ff%fe", 400, Page),
        get("/?nam=%", 400, Page),
        get("/?nam=%zz", 400, Page),
        get("/ban-le?nam=1999", 404, Page),
        get("/ban-tin?nam=%3Cscript%3E", 400, Page),
        get("/bieu-do/co-cau-ban-le.svg?nam=x", 400, Page),
        get("/bieu-do/co-cau-ban-le.png?nam=2999", 400, Page),
        get("/bieu-do/co-cau-ban-le.png?nam=2050", 404, Page),
        // Unknown charts, embeds and API names.
        get("/bieu-do/khong-co", 404, Page),
        get("/bieu-do/co-cau-ban-le.exe", 404, Page),
        get("/bieu-do/%ff", 404, Page),
        get("/nhung/khong-co", 404, Page),
        get("/api/v1/observations?indicator=khong.co", 404, Json),
        get(
            "/api/v1/observations?indicator=industry.output&nam=abc",
            400,
            Json,
        ),
        get("/api/v1/khong-co", 404, Json),
        get("/api/v2/indicators", 404, Json),
        // Traversal, in every encoding, under /static and elsewhere.
        get("/static/../Cargo.toml", 404, Page),
        get("/static/%2e%2e/Cargo.toml", 404, Page),
        get("/static/%2e%2e%2fCargo.toml", 404, Page),
        get("/static/..%2fCargo.toml", 404, Page),
        get("/static/..%5cCargo.toml", 404, Page),
        get("/static/%252e%252e%252fCargo.toml", 404, Page),
        get("/static/.%2e/.%2e/Cargo.toml", 404, Page),
        get("/static/%c0%ae%c0%ae/Cargo.toml", 404, Page),
        get("/static//etc/passwd", 404, Page),
        get("/static/css/../../data/congthuong.sqlite", 404, Page),
        get("/static/css/site.css%00.txt", 404, Page),
        get("/../../../../etc/passwd", 404, Page),
        get("//etc/passwd", 404, Page),
        get("/bieu-do/..%2f..%2fCargo.toml", 404, Page),
        // Things that exist on disk but are not the site.
        get("/data/congthuong.sqlite", 404, Page),
        get("/data/observations.csv", 404, Page),
        get("/src/main.rs", 404, Page),
        get("/Cargo.toml", 404, Page),
        get("/.git/config", 404, Page),
        get("/static/.git/config", 404, Page),
        get("/static/.hidden", 404, Page),
        // No directory listings.
        get("/static/", 404, Page),
        get("/static/css/", 404, Page),
        get("/static/fonts", 404, Page),
        // Malformed UTF-8 and percent-encoding in paths.
        get("/%ff", 404, Page),
        get("/%", 404, Page),
        get("/%c3%28", 404, Page),
        get("/ban-le%00", 404, Page),
        // Methods other than GET and HEAD.
        method("POST", "/", 405, Page),
        method("PUT", "/ban-le", 405, Page),
        method("DELETE", "/static/css/site.css", 405, Page),
        method("PATCH", "/bieu-do/co-cau-ban-le.svg", 405, Page),
        method("OPTIONS", "/", 405, Page),
        method("TRACE", "/", 405, Page),
        method("BREW", "/", 405, Page),
        method("POST", "/api/v1/observations", 405, Json),
        method("DELETE", "/khong-co", 405, Page),
        // Sizes.
        get(&format!("/?x={}", "a".repeat(3000)), 414, Page),
        get(
            &format!("/api/v1/indicators?x={}", "a".repeat(3000)),
            414,
            Json,
        ),
        get(&format!("/?x={}", "a".repeat(100_000)), 400, Bare),
        (
            "header of 12 KiB".to_string(),
            format!(
                "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {}",
                "b".repeat(12 * 1024)
            )
            .into_bytes(),
            Vec::new(),
            431,
            Page,
        ),
        (
            "200 headers".to_string(),
            format!(
                "GET / HTTP/1.1\r\nHost: localhost{}",
                (0..200)
                    .map(|i| format!("\r\nX-H{i}: v"))
                    .collect::<String>()
            )
            .into_bytes(),
            Vec::new(),
            431,
            Bare,
        ),
        (
            "GET with a 64 KiB body".to_string(),
            b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 65536".to_vec(),
            vec![b'x'; 65536],
            413,
            Page,
        ),
        (
            "POST with a 10 MB body announced".to_string(),
            b"POST /api/v1/indicators HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10000000"
                .to_vec(),
            vec![b'x'; 1000],
            413,
            Json,
        ),
        (
            "an unknown HTTP version".to_string(),
            b"GET / HTTP/9.9\r\nHost: localhost".to_vec(),
            Vec::new(),
            400,
            Bare,
        ),
        // A HEAD is a GET without its body.
        (
            "HEAD /".to_string(),
            b"HEAD / HTTP/1.1\r\nHost: localhost".to_vec(),
            Vec::new(),
            200,
            Bare,
        ),
        get("/static/css/site.css", 200, Content),
    ];
    cases.push(get("/ban-tin?nam=2023", 200, Content));
    cases
}

#[test]
fn hostile_requests_get_the_right_status_and_our_own_answer() {
    let app = spawn_app();
    let cases = hostile_requests();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    for (name, head, body, status, answer) in cases {
        let raw = raw_request(&app.address, &head, &body);
        let text = String::from_utf8_lossy(&raw.body);
        assert_eq!(raw.status, status, "{name}: {text:.200}");
        assert!(raw.status < 500, "{name}");
        for secret in SECRETS {
            assert!(!text.contains(secret), "{name} leaked {secret:?}");
        }
        let content_type = raw.header("content-type").unwrap_or_default();
        match answer {
            Answer::Page => {
                assert_eq!(content_type, "text/html; charset=utf-8", "{name}");
                assert!(text.contains("<html lang=\"vi\">"), "{name}");
                assert!(text.contains("class=\"error-page\""), "{name}: {text:.300}");
                assert!(!text.contains("panicked") && !text.contains("backtrace"));
            }
            Answer::Json => {
                assert_eq!(content_type, "application/json", "{name}");
                let json: serde_json::Value = serde_json::from_str(&text).expect(&name);
                assert_eq!(json["error"]["status"], status, "{name}");
            }
            Answer::Content | Answer::Bare => {}
        }
        if status == 405 {
            assert_eq!(raw.header("allow"), Some("GET, HEAD"), "{name}");
        }
    }
}

#[test]
fn head_answers_like_get_without_a_body() {
    let app = spawn_app();
    let head = raw_request(
        &app.address,
        b"HEAD /ban-le HTTP/1.1\r\nHost: localhost",
        b"",
    );
    let get = get_raw(&app.address, "/ban-le");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-type"), get.header("content-type"));
    assert!(!get.body.is_empty());
}

#[test]
fn every_kind_of_response_carries_the_security_headers() {
    let app = spawn_app();
    for (path, framable) in [
        ("/", false),
        ("/ban-tin", false),
        ("/bieu-do/co-cau-ban-le.svg", false),
        ("/bieu-do/co-cau-ban-le.png", false),
        ("/static/css/site.css", false),
        ("/api/v1/indicators", false),
        ("/api/v1/khong-co", false),
        ("/nhung/co-cau-ban-le", true),
        ("/khong-co", false),
        ("/?nam=abc", false),
    ] {
        let raw = get_raw(&app.address, path);
        let policy = raw
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: no CSP"));
        assert!(policy.contains("default-src 'self'"), "{path}: {policy}");
        assert!(policy.contains("script-src 'self'"), "{path}: {policy}");
        assert!(
            !policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"),
            "{path}"
        );
        let ancestors = if framable {
            "frame-ancestors *"
        } else {
            "frame-ancestors 'none'"
        };
        assert!(policy.contains(ancestors), "{path}: {policy}");
        assert_eq!(
            raw.header("x-frame-options"),
            (!framable).then_some("DENY"),
            "{path}"
        );
        assert_eq!(
            raw.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            raw.header("referrer-policy"),
            Some("strict-origin-when-cross-origin"),
            "{path}"
        );
        let permissions = raw
            .header("permissions-policy")
            .unwrap_or_else(|| panic!("{path}"));
        assert!(permissions.contains("camera=()") && permissions.contains("geolocation=()"));
        // The test site's address is https.
        assert!(BASE_URL.starts_with("https://"));
        assert_eq!(
            raw.header("strict-transport-security"),
            Some("max-age=31536000"),
            "{path}"
        );
        assert_eq!(raw.header("server"), None, "{path}: names its server");
    }
}

/// The real binary, serving on a free port with its own database.
struct Served {
    child: Child,
    address: String,
    log: std::sync::mpsc::Receiver<String>,
    _dir: tempfile::TempDir,
}

fn serve_binary() -> Served {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("site.sqlite");
    let mut child = Command::new(env!("CARGO_BIN_EXE_congthuong"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
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

fn wait_for_exit(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
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

#[test]
fn sigterm_and_sigint_finish_requests_in_flight_and_exit_0() {
    for signal in ["TERM", "INT"] {
        let mut served = serve_binary();
        // Rasterising a PNG takes long enough to be in flight when the
        // signal comes. It is asked for on a connection the server has
        // already answered once: a connection still waiting to be taken up
        // by a worker is dropped at shutdown (actix-server's behaviour), and
        // on a busy machine a fresh one can wait for longer than any pause.
        let mut connection = kept_alive_connection(&served.address);
        connection
            .write_all(b"GET /bieu-do/co-cau-ban-le.png HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .unwrap();
        let in_flight = std::thread::spawn(move || read_answer(connection));
        std::thread::sleep(Duration::from_millis(50));
        let killed = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(served.child.id().to_string())
            .status()
            .unwrap();
        assert!(killed.success());
        let answer = in_flight.join().unwrap();
        assert_eq!(answer.status, 200, "SIG{signal}");
        assert!(
            answer.body.starts_with(b"\x89PNG"),
            "SIG{signal}: the PNG was cut"
        );
        let status = wait_for_exit(&mut served.child, Duration::from_secs(10));
        assert!(status.success(), "SIG{signal}: {status}");
        // New connections are refused once it has stopped.
        let address = served.address.trim_start_matches("http://");
        assert!(TcpStream::connect(address).is_err(), "SIG{signal}");
        let log: Vec<String> = served.log.try_iter().collect();
        let log = log.join("\n");
        // One line per request: method, path, status, duration; no
        // colour codes in a log that is not a terminal; the default http
        // base URL sends no HSTS (checked below).
        assert!(
            log.contains("method=GET path=/bieu-do/co-cau-ban-le.png status=200 micros="),
            "{log}"
        );
        assert!(!log.contains('\u{1b}'), "{log}");
        assert!(log.contains(&format!("signal=\"SIG{signal}\"")), "{log}");
    }
}

#[test]
fn an_http_base_url_sends_no_hsts() {
    let mut served = serve_binary();
    let raw = get_raw(&served.address, "/");
    assert_eq!(raw.status, 200);
    assert_eq!(raw.header("strict-transport-security"), None);
    let _ = Command::new("kill")
        .arg(served.child.id().to_string())
        .status();
    wait_for_exit(&mut served.child, Duration::from_secs(10));
}

/// Runs `serve` against a faulty database: one line on standard error
/// that names the file and says what is wrong, exit 1, no panic.
fn assert_fault(args: &[&str], file: &str, problem: &str) {
    let output = congthuong(args);
    let (stdout, stderr) = output_text(&output);
    assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(stdout.is_empty(), "{args:?}: {stdout}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{args:?}: {stderr}");
    assert!(lines[0].contains(file), "{args:?}: {stderr}");
    assert!(lines[0].contains(problem), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn each_database_fault_is_one_clear_line_and_a_non_zero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let static_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/static");
    let serve = |db: &str| -> Vec<String> {
        [
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--static-dir",
            static_dir,
            "--db",
            db,
        ]
        .map(str::to_string)
        .to_vec()
    };
    let run = |args: Vec<String>, file: &str, problem: &str| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_fault(&args, file, problem);
    };

    let text = write_file(dir.path(), "notes.sqlite", b"hello, not a database\n");
    run(serve(&text), &text, "tệp không phải cơ sở dữ liệu SQLite");

    let folder = dir.path().join("folder.sqlite");
    std::fs::create_dir(&folder).unwrap();
    let folder = folder.to_string_lossy().into_owned();
    run(serve(&folder), &folder, "là một thư mục");

    // A real database, cut short.
    let whole = dir.path().join("whole.sqlite");
    let made = congthuong(&[
        "import",
        "--db",
        &whole.to_string_lossy(),
        &write_file(dir.path(), "seed.csv", crate::helpers::SEED.as_bytes()),
    ]);
    assert!(made.status.success());
    let bytes = std::fs::read(&whole).unwrap();
    let cut = write_file(dir.path(), "cut.sqlite", &bytes[..bytes.len() / 2]);
    run(serve(&cut), &cut, "bị hỏng");

    // A newer schema than this program knows.
    let newer = dir.path().join("newer.sqlite");
    std::fs::copy(&whole, &newer).unwrap();
    {
        let connection = rusqlite::Connection::open(&newer).unwrap();
        connection.pragma_update(None, "user_version", 99).unwrap();
    }
    let newer = newer.to_string_lossy().into_owned();
    run(serve(&newer), &newer, "lược đồ phiên bản 99");

    // Commands that read a database do not make one.
    let missing = dir
        .path()
        .join("missing.sqlite")
        .to_string_lossy()
        .into_owned();
    run(
        ["check", "--db", &missing].map(str::to_string).to_vec(),
        &missing,
        "không có tệp cơ sở dữ liệu",
    );
    run(
        ["export", "--db", &missing].map(str::to_string).to_vec(),
        &missing,
        "không có tệp cơ sở dữ liệu",
    );
    assert!(!std::path::Path::new(&missing).exists());

    // Without its static folder the site would serve pages without CSS.
    let nowhere = dir.path().join("no-static").to_string_lossy().into_owned();
    run(
        [
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--static-dir",
            &nowhere,
            "--db",
            &whole.to_string_lossy(),
        ]
        .map(str::to_string)
        .to_vec(),
        &nowhere,
        "không có thư mục tệp tĩnh",
    );
}

#[test]
fn an_import_killed_half_way_leaves_the_previous_data_intact() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("site.sqlite");
    let db_text = db.to_string_lossy().into_owned();
    let seed = write_file(dir.path(), "seed.csv", crate::helpers::SEED.as_bytes());
    assert!(
        congthuong(&["import", "--db", &db_text, &seed])
            .status
            .success()
    );
    let before = congthuong(&["export", "--db", &db_text]).stdout;

    // A large import: nine indicators for every year there can be.
    let mut csv = crate::helpers::HEADER.to_string();
    for year in 1990..=2100 {
        for code in [
            "industry.output",
            "retail.total",
            "retail.commerce",
            "retail.accommodation",
            "retail.food_service",
            "retail.travel",
            "retail.other_services",
            "trade.export",
            "trade.import",
        ] {
            csv.push_str(&format!(
                "{code},{year},{}.5,{},,,,,,,estimate,Nguồn thử,\n",
                year * 10,
                if code.starts_with("trade") {
                    "triệu USD"
                } else {
                    "tỷ đồng"
                }
            ));
        }
    }
    let file = write_file(dir.path(), "big.csv", csv.as_bytes());

    // How long the whole import takes, on a copy.
    let copy = dir.path().join("copy.sqlite");
    std::fs::copy(&db, &copy).unwrap();
    let started = Instant::now();
    let full = congthuong(&["import", "--db", &copy.to_string_lossy(), &file]);
    assert!(
        full.status.success(),
        "{}",
        String::from_utf8_lossy(&full.stderr)
    );
    let duration = started.elapsed();
    let after = congthuong(&["export", "--db", &copy.to_string_lossy()]).stdout;
    assert_ne!(before, after);

    // Kill imports at moments spread over that time: whatever the moment,
    // the database holds either all of the old figures or all of the new.
    let killed_at = |step: u32, wait: &dyn Fn(&std::path::Path, &mut Child)| {
        let target = dir.path().join(format!("killed-{step}.sqlite"));
        std::fs::copy(&db, &target).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_congthuong"))
            .args(["import", "--db"])
            .arg(&target)
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut journal = target.as_os_str().to_os_string();
        journal.push("-journal");
        let journal = std::path::PathBuf::from(journal);
        wait(&journal, &mut child);
        let _ = child.kill();
        let _ = child.wait();
        let cut_mid_write = journal.exists();
        let export = congthuong(&["export", "--db", &target.to_string_lossy()]);
        assert!(
            export.status.success(),
            "step {step}: {}",
            String::from_utf8_lossy(&export.stderr)
        );
        let kept_old = export.stdout == before;
        assert!(
            kept_old || export.stdout == after,
            "step {step}: a partial import is visible"
        );
        if cut_mid_write {
            assert!(kept_old, "step {step}: an unfinished import is visible");
        }
        (kept_old, cut_mid_write)
    };
    let mut outcomes = (0, 0);
    for step in 0..12u32 {
        let (kept_old, _) = killed_at(step, &|_, _| {
            std::thread::sleep(duration * step / 10);
        });
        if kept_old {
            outcomes.0 += 1;
        } else {
            outcomes.1 += 1;
        }
    }
    assert!(outcomes.0 > 0, "{outcomes:?}");

    // Timing alone may miss the write on a busy machine, so also kill imports
    // the moment their journal appears, i.e. while they are writing. The
    // import may still finish between that sight and the kill; a few tries
    // land at least one kill inside the write.
    let mut cut_mid_write = 0;
    for step in 12..32u32 {
        let (_, cut) = killed_at(step, &|journal, child| {
            let deadline = Instant::now() + Duration::from_secs(20);
            while !journal.exists()
                && Instant::now() < deadline
                && child.try_wait().unwrap().is_none()
            {
                std::hint::spin_loop();
            }
        });
        if cut {
            cut_mid_write += 1;
            if cut_mid_write == 3 {
                break;
            }
        }
    }
    assert!(cut_mid_write > 0, "no kill landed during the write");
    eprintln!(
        "killed imports: {} left the old figures, {} the new; {cut_mid_write} cut a write short",
        outcomes.0, outcomes.1
    );
}

#[test]
fn a_bounded_load_gets_no_errors() {
    let app = spawn_app();
    const THREADS: usize = 8;
    const PER_THREAD: usize = 40;
    let paths = [
        "/",
        "/ban-le",
        "/xuat-nhap-khau",
        "/ban-tin",
        "/bieu-do/co-cau-ban-le.svg",
        "/static/css/site.css",
        "/api/v1/observations?indicator=retail.total",
        "/khong-co",
    ];
    let statuses: Vec<Vec<u16>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let app = &app;
                scope.spawn(move || {
                    (0..PER_THREAD)
                        .map(|i| app.get(paths[(t + i) % paths.len()]).status)
                        .collect::<Vec<u16>>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let all: Vec<u16> = statuses.into_iter().flatten().collect();
    assert_eq!(all.len(), THREADS * PER_THREAD);
    assert!(all.iter().all(|s| *s == 200 || *s == 404), "{all:?}");
    assert_eq!(
        all.iter().filter(|s| **s == 404).count(),
        THREADS * PER_THREAD / paths.len()
    );
}
