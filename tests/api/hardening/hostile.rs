//! Hostile requests get the right status and our own answer, and every kind
//! of answer carries the security headers.

use super::{Answer, get_raw, raw_request};
use crate::helpers::{BASE_URL, spawn_app};

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
    // The query form of a view moves to its path; paths that name no view
    // are no page, and a static name leads nowhere outside the folder.
    cases.extend([
        get("/ban-tin?nam=2023", 301, Bare),
        get("/ban-tin/2023", 200, Content),
        get("/ban-le/1999", 404, Page),
        get("/ban-le/2023/%3Cscript%3E", 404, Page),
        get("/ban-le/2023/ca-nam/ngay-2024-02-30", 404, Page),
        get("/ngay-2024-13-45", 404, Page),
        get("/2023/ca-nam/ngay-2024-01-01/thua", 404, Page),
        get("/bieu-do/co-cau-ban-le-2023-x.svg", 404, Page),
        get("/bieu-do/co-cau-ban-le-2023.exe", 404, Page),
        get("/static/..%2fCargo.toml", 404, Page),
        get("/static/css/../../Cargo.toml", 404, Page),
        get("/static/css/site.0123456789ab.css", 200, Content),
    ]);
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
