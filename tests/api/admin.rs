//! The staff side, through its real server on port 0 beside the public
//! one, each with its own SQLite files: sessions, the same-site rules and
//! form tokens, throttling, four eyes, uploads, and a draft that reaches
//! the public site only when published.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use congthuong::admin::{AdminApp, AdminSettings};
use congthuong::drafts::{Clock, DraftStore, Role};

use crate::helpers::{TestApp, spawn_app, text, texts};

/// The admin on its own port, over the public test app's database.
struct Admin {
    address: String,
    drafts: DraftStore,
    clock: Clock,
    agent: ureq::Agent,
    _dir: tempfile::TempDir,
}

struct Answer {
    status: u16,
    body: String,
    headers: Vec<(String, String)>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.body)
    }
}

fn answer(mut response: ureq::http::Response<ureq::Body>) -> Answer {
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_string()))
        .collect();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    Answer {
        status,
        body,
        headers,
    }
}

fn spawn_admin(public: &TestApp) -> Admin {
    spawn_admin_at(public, "http://127.0.0.1")
}

/// The admin with `base_url` as its own address.
fn spawn_admin_at(public: &TestApp, base_url: &str) -> Admin {
    spawn_admin_with(public, base_url, None)
}

/// The admin, keeping `static_copy` after each release.
fn spawn_admin_with(
    public: &TestApp,
    base_url: &str,
    static_copy: Option<congthuong::copies::StaticCopy>,
) -> Admin {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let drafts_path = dir.path().join("quan-tri.sqlite");
    let clock = Clock::system();
    let settings = AdminSettings {
        addr: "127.0.0.1:0".to_string(),
        db: public.db.clone(),
        drafts: drafts_path.clone(),
        base_url: base_url.to_string(),
        due_every: Duration::from_millis(100),
        static_copy,
        static_dir: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static"),
        public_url: "http://127.0.0.1:8080".to_string(),
    };
    let (sender, receiver) = mpsc::channel();
    let server_clock = clock.clone();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let app = AdminApp::build(&settings, server_clock).expect("the admin builds");
            sender.send(app.local_addr()).expect("the test waits");
            app.run_until_stopped().await
        })
    });
    let addr = receiver
        .recv_timeout(Duration::from_secs(30))
        .expect("the admin starts");
    let agent = crate::helpers::agent(crate::helpers::Redirects::Show, 30);
    Admin {
        address: format!("http://{addr}"),
        drafts: DraftStore::open(&drafts_path, clock.clone()).expect("the drafts database"),
        clock,
        agent,
        _dir: dir,
    }
}

/// A signed-in browser: its cookie and the session's form token.
struct Browser {
    cookie: String,
    csrf: String,
}

impl Admin {
    fn get(&self, path: &str, cookie: Option<&str>) -> Answer {
        let mut request = self.agent.get(format!("{}{path}", self.address));
        if let Some(cookie) = cookie {
            request = request.header("Cookie", cookie);
        }
        answer(request.call().expect("GET"))
    }

    fn post(&self, path: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Answer {
        self.post_with(path, cookie, form, &[])
    }

    fn post_with(
        &self,
        path: &str,
        cookie: Option<&str>,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut request = self
            .agent
            .post(format!("{}{path}", self.address))
            .header("Content-Type", "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            request = request.header("Cookie", cookie);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        answer(request.send(body).expect("POST"))
    }

    fn upload(&self, browser: &Browser, set: i64, version: i64, name: &str, file: &[u8]) -> Answer {
        let boundary = "----ranhgioi7d1a";
        let mut body = Vec::new();
        for (field, value) in [
            ("csrf", browser.csrf.as_str()),
            ("version", &version.to_string()),
        ] {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(file);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = self
            .agent
            .post(format!("{}/bo-thay-doi/{set}/tai-len", self.address))
            .header("Cookie", &browser.cookie)
            .header(
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            );
        answer(request.send(&body[..]).expect("POST upload"))
    }

    /// Makes an account and signs in with a password of its own.
    fn sign_in_new(&self, name: &str, role: Role) -> Browser {
        let new = self.drafts.add_account(name, role).expect("an account");
        let first = self.sign_in(name, &new.one_time_password);
        let password = format!("mật khẩu riêng của {name} đủ dài");
        let changed = self.post(
            "/mat-khau",
            Some(&first.cookie),
            &[
                ("csrf", &first.csrf),
                ("current", &new.one_time_password),
                ("new", &password),
                ("repeated", &password),
            ],
        );
        assert_eq!(changed.status, 303, "{}", changed.body);
        first
    }

    fn sign_in(&self, name: &str, password: &str) -> Browser {
        let answer = self.post(
            "/dang-nhap",
            None,
            &[("name", name), ("password", password)],
        );
        assert_eq!(answer.status, 303, "{}", answer.body);
        let set_cookie = answer
            .header("set-cookie")
            .expect("a session cookie")
            .to_string();
        let cookie = set_cookie.split(';').next().unwrap().to_string();
        let page = self.get("/mat-khau", Some(&cookie));
        let csrf = page
            .html()
            .select(&scraper::Selector::parse("input[name=csrf]").unwrap())
            .next()
            .and_then(|input| input.value().attr("value"))
            .expect("a form token")
            .to_string();
        Browser { cookie, csrf }
    }

    fn new_set(&self, browser: &Browser, title: &str) -> i64 {
        let made = self.post(
            "/bo-thay-doi",
            Some(&browser.cookie),
            &[
                ("csrf", &browser.csrf),
                ("title", title),
                ("kind", "phat-hanh"),
            ],
        );
        assert_eq!(made.status, 303, "{}", made.body);
        set_of(&made)
    }

    /// What `action` answered, and how many rows it added to the log.
    fn logged<T>(&self, action: impl FnOnce() -> T) -> (T, usize) {
        let before = self.drafts.audit_log().unwrap().len();
        let answer = action();
        (answer, self.drafts.audit_log().unwrap().len() - before)
    }

    /// One figure through the set's form, at the set's current version.
    fn add_row(&self, who: &Browser, set: i64, fields: &[(&str, &str)]) -> Answer {
        let version = self.version(set).to_string();
        let mut form = vec![("csrf", who.csrf.as_str()), ("version", version.as_str())];
        form.extend_from_slice(fields);
        self.post(
            &format!("/bo-thay-doi/{set}/dong"),
            Some(&who.cookie),
            &form,
        )
    }

    /// Announces a release of the export figure on the calendar, at 09:00
    /// on `day`, with `status` (`du-kien`, `da-xac-nhan`).
    fn announce(&self, who: &Browser, title: &str, day: &str, status: &str) {
        let announced = self.post(
            "/lich-cong-bo",
            Some(&who.cookie),
            &[
                ("csrf", &who.csrf),
                ("title", title),
                ("day", day),
                ("time", "09:00"),
                ("status", status),
                ("indicator", "trade.export"),
            ],
        );
        assert_eq!(announced.status, 303, "{}", announced.body);
    }

    /// A set of one export figure (`fields` over a yearly figure of the
    /// department for the old province), made by `editor`, its warnings
    /// passed, submitted and approved by `approver`.
    fn approved_export(
        &self,
        editor: &Browser,
        approver: &Browser,
        title: &str,
        fields: &[(&str, &str)],
    ) -> i64 {
        let set = self.new_set(editor, title);
        let mut row = vec![
            ("indicator", "trade.export"),
            ("period", "year"),
            ("territory", "gia-lai-cu"),
            ("publisher", "so-cong-thuong"),
            ("source", "Báo cáo"),
        ];
        for (key, value) in fields {
            row.retain(|(k, _)| k != key);
            row.push((key, value));
        }
        let added = self.add_row(editor, set, &row);
        assert_eq!(added.status, 303, "{}", added.body);
        self.waive_all(editor, set, "kiểm thử");
        assert_eq!(self.step(editor, set, "gui-duyet", "").status, 303);
        assert_eq!(self.step(approver, set, "duyet", "").status, 303);
        set
    }

    /// Lên lịch: `set` into calendar entry `entry`.
    fn schedule(&self, who: &Browser, set: i64, entry: &str, early_reason: &str) -> Answer {
        let version = self.version(set).to_string();
        self.post(
            &format!("/bo-thay-doi/{set}/len-lich"),
            Some(&who.cookie),
            &[
                ("csrf", &who.csrf),
                ("version", &version),
                ("entry", entry),
                ("early_reason", early_reason),
            ],
        )
    }

    /// Gives a reason for every warning the set's page shows; how many.
    fn waive_all(&self, who: &Browser, set: i64, reason: &str) -> usize {
        let page = self.get(&format!("/bo-thay-doi/{set}"), Some(&who.cookie));
        let findings: Vec<String> = page
            .html()
            .select(&scraper::Selector::parse("input[name=finding]").unwrap())
            .filter_map(|i| i.value().attr("value").map(str::to_string))
            .collect();
        for finding in &findings {
            let waived = self.post(
                &format!("/bo-thay-doi/{set}/ly-do"),
                Some(&who.cookie),
                &[
                    ("csrf", &who.csrf),
                    ("finding", finding),
                    ("reason", reason),
                ],
            );
            assert_eq!(waived.status, 303, "{}", waived.body);
        }
        findings.len()
    }

    fn version(&self, set: i64) -> i64 {
        self.drafts.change_set(set).expect("the set").version
    }

    fn step(&self, browser: &Browser, set: i64, step: &str, reason: &str) -> Answer {
        let version = self.version(set).to_string();
        self.post(
            &format!("/bo-thay-doi/{set}/{step}"),
            Some(&browser.cookie),
            &[
                ("csrf", &browser.csrf),
                ("version", &version),
                ("reason", reason),
            ],
        )
    }
}

/// The set a redirect leads to.
fn set_of(answer: &Answer) -> i64 {
    answer
        .header("location")
        .and_then(|l| l.rsplit('/').next())
        .and_then(|id| id.parse().ok())
        .expect("the set's address")
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Every route of the admin, as `configure` declares it.
const ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("POST", "/dang-xuat"),
    ("GET", "/mat-khau"),
    ("POST", "/mat-khau"),
    ("GET", "/tai-khoan"),
    ("GET", "/lich-cong-bo"),
    ("POST", "/lich-cong-bo"),
    ("POST", "/lich-cong-bo/1/doi-ngay"),
    ("POST", "/lich-cong-bo/1/tinh-trang"),
    ("POST", "/bo-thay-doi"),
    ("GET", "/bo-thay-doi/1"),
    ("POST", "/bo-thay-doi/1/tai-len"),
    ("POST", "/bo-thay-doi/1/dong"),
    ("POST", "/bo-thay-doi/1/ly-do"),
    ("POST", "/bo-thay-doi/1/gui-duyet"),
    ("POST", "/bo-thay-doi/1/duyet"),
    ("POST", "/bo-thay-doi/1/mo-khoa"),
    ("POST", "/bo-thay-doi/1/tra-lai"),
    ("POST", "/bo-thay-doi/1/cong-bo"),
    ("POST", "/bo-thay-doi/1/len-lich"),
    ("POST", "/bo-thay-doi/1/bo-lich"),
    ("GET", "/bo-thay-doi/1/xem-truoc"),
    ("GET", "/bo-thay-doi/1/xem-truoc/trang/ban-le"),
    ("POST", "/ban-tinh/thu-lai"),
    ("GET", "/xem-truoc.css"),
    ("GET", "/so-lieu/trade.export"),
    // Not a route: the guard stands in front of every address.
    ("GET", "/khong-co-trang-nay"),
];

/// The routes open without a session: signing in, and its stylesheet.
const OPEN_ROUTES: &[(&str, &str)] = &[
    ("GET", "/admin.css"),
    ("GET", "/dang-nhap"),
    ("POST", "/dang-nhap"),
];

/// Every (method, path) `configure` declares, its `{…}` segments filled
/// as `ROUTES` fills them.
fn declared_routes() -> BTreeSet<(String, String)> {
    let source = include_str!("../../src/admin/mod.rs");
    let start = source.find("pub fn configure").expect("configure");
    let body = &source[start..];
    let body = &body[..body.find("\n}\n").expect("the end of configure")];
    body.split(".route(")
        .skip(1)
        .map(|route| {
            let path = route.split('"').nth(1).expect("a path literal");
            let method = if route.contains("web::get()") {
                "GET"
            } else if route.contains("web::post()") {
                "POST"
            } else {
                panic!("a route of another method: {route}")
            };
            let path = path
                .replace("{id}", "1")
                .replace("{code}", "trade.export")
                .replace("{path:.*}", "ban-le");
            (method.to_string(), path)
        })
        .collect()
}

#[test]
fn every_admin_route_refuses_a_request_without_a_session_and_every_answer_is_private() {
    let public = spawn_app();
    let admin = spawn_admin(&public);
    // The list above, with the open routes, is every route `configure`
    // declares, read from its source: a route added without a line here
    // fails, as does an open one the guard does not know as open.
    let mut listed: BTreeSet<(String, String)> = ROUTES[..ROUTES.len() - 1]
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    for open in OPEN_ROUTES {
        assert!(congthuong::admin::OPEN_PATHS.contains(&open.1), "{open:?}");
        listed.insert((open.0.to_string(), open.1.to_string()));
    }
    assert_eq!(declared_routes(), listed, "ROUTES lists every route");
    for (method, path) in ROUTES {
        let answer = match *method {
            "GET" => admin.get(path, None),
            _ => admin.post(path, None, &[("csrf", "x")]),
        };
        match *method {
            "GET" => {
                assert_eq!(answer.status, 303, "{method} {path}");
                assert_eq!(answer.header("location"), Some("/dang-nhap"), "{path}");
            }
            _ => assert_eq!(answer.status, 401, "{method} {path}"),
        }
        // A cookie of no session is no session.
        let forged = admin.get(path, Some(&format!("phien={}", "a".repeat(64))));
        if *method == "GET" {
            assert_eq!(forged.status, 303, "{path} with a forged cookie");
        }
    }
    for path in ["/dang-nhap", "/", "/khong-co"] {
        let answer = admin.get(path, None);
        assert_eq!(answer.header("cache-control"), Some("no-store"), "{path}");
        assert!(answer.header("x-robots-tag").unwrap().contains("noindex"));
        assert!(
            answer
                .header("content-security-policy")
                .unwrap()
                .contains("frame-ancestors 'none'")
        );
        // Not `no-referrer`: a browser would then send `Origin: null` on
        // the admin's own forms.
        assert_eq!(answer.header("referrer-policy"), Some("same-origin"));
    }
    // The sign-in page is in Vietnamese, without scripts.
    let login = admin.get("/dang-nhap", None);
    assert_eq!(text(&login.html(), "h1"), "Đăng nhập");
    assert!(!login.body.contains("<script"));
}

#[test]
fn sessions_cookies_logout_expiry_and_a_disabled_account() {
    let public = spawn_app();
    let admin = spawn_admin(&public);
    let new = admin.drafts.add_account("lan", Role::Editor).unwrap();
    let hash = admin.drafts.password_hash_of("lan").unwrap().unwrap();
    assert!(hash.starts_with("$argon2id$"));
    // A cookie set before login (fixation) is not the session after it.
    let planted = format!("phien={}", "b".repeat(64));
    let answer = admin.post(
        "/dang-nhap",
        Some(&planted),
        &[("name", "lan"), ("password", &new.one_time_password)],
    );
    assert_eq!(answer.status, 303);
    assert_eq!(answer.header("location"), Some("/mat-khau"), "first login");
    let set_cookie = answer.header("set-cookie").unwrap();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Strict"), "{set_cookie}");
    assert!(set_cookie.contains("Path=/"), "{set_cookie}");
    assert!(!set_cookie.contains(&"b".repeat(64)));
    let cookie = set_cookie.split(';').next().unwrap().to_string();
    // Until the password is changed, only that form opens.
    assert_eq!(
        admin.get("/", Some(&cookie)).header("location"),
        Some("/mat-khau")
    );

    let browser = admin.sign_in("lan", &new.one_time_password);
    let password = "một câu dài dễ nhớ của Lan";
    // A wrong current password changes nothing, and is logged once.
    let (refused, rows_logged) = admin.logged(|| {
        admin.post(
            "/mat-khau",
            Some(&browser.cookie),
            &[
                ("csrf", &browser.csrf),
                ("current", "không phải mật khẩu này"),
                ("new", password),
                ("repeated", password),
            ],
        )
    });
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("mật khẩu hiện tại không đúng"));
    assert_eq!(rows_logged, 1);
    let log = format!("{:?}", admin.drafts.audit_log().unwrap());
    assert!(log.contains("doi-mat-khau-bi-tu-choi"));
    assert!(!log.contains("không phải mật khẩu này") && !log.contains(password));
    let changed = admin.post(
        "/mat-khau",
        Some(&browser.cookie),
        &[
            ("csrf", &browser.csrf),
            ("current", &new.one_time_password),
            ("new", password),
            ("repeated", password),
        ],
    );
    assert_eq!(changed.status, 303);
    assert_eq!(admin.get("/", Some(&browser.cookie)).status, 200);

    // Logout deletes the session: the old cookie opens nothing.
    let out = admin.post(
        "/dang-xuat",
        Some(&browser.cookie),
        &[("csrf", &browser.csrf)],
    );
    assert_eq!(out.status, 303);
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    assert_eq!(admin.get("/", Some(&browser.cookie)).status, 303);

    // 30 minutes idle ends a session; so does disabling the account.
    let browser = admin.sign_in("lan", password);
    admin.clock.advance(31 * 60);
    assert_eq!(admin.get("/", Some(&browser.cookie)).status, 303, "idle");
    let browser = admin.sign_in("lan", password);
    admin.drafts.disable_account("lan").unwrap();
    assert_eq!(
        admin.get("/", Some(&browser.cookie)).status,
        303,
        "disabled"
    );
    let refused = admin.post(
        "/dang-nhap",
        None,
        &[("name", "lan"), ("password", password)],
    );
    assert_eq!(refused.status, 401);
    let actions: Vec<String> = admin
        .drafts
        .audit_log()
        .unwrap()
        .into_iter()
        .map(|row| row.entry.action)
        .collect();
    for action in [
        "tao-tai-khoan",
        "dang-nhap",
        "doi-mat-khau",
        "dang-xuat",
        "khoa-tai-khoan",
        "dang-nhap-that-bai",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
    assert!(admin.drafts.verify_audit().unwrap().1.is_empty());
}

#[test]
fn forms_need_the_session_token_and_this_site() {
    let public = spawn_app();
    let admin = spawn_admin(&public);
    let browser = admin.sign_in_new("lan", Role::Editor);
    let form = |csrf: &str| {
        vec![
            ("csrf", csrf.to_string()),
            ("title", "Tháng 10".to_string()),
            ("kind", "phat-hanh".to_string()),
        ]
    };
    let post = |csrf: Option<&str>, headers: &[(&str, &str)]| {
        let fields = form(csrf.unwrap_or(""));
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .filter(|(k, _)| csrf.is_some() || *k != "csrf")
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        admin.post_with("/bo-thay-doi", Some(&browser.cookie), &fields, headers)
    };
    assert_eq!(post(None, &[]).status, 403, "no token");
    assert_eq!(post(Some("0123"), &[]).status, 403, "a wrong token");
    assert_eq!(
        post(Some(&browser.csrf), &[("Sec-Fetch-Site", "cross-site")]).status,
        403,
        "from another site"
    );
    assert_eq!(
        post(Some(&browser.csrf), &[("Origin", "https://ke-xau.example")]).status,
        403,
        "a foreign origin"
    );
    assert_eq!(
        post(Some(&browser.csrf), &[("Origin", "null")]).status,
        403,
        "an opaque origin (a sandboxed frame)"
    );
    assert!(
        admin.drafts.change_sets().unwrap().is_empty(),
        "nothing made"
    );
    assert_eq!(
        post(Some(&browser.csrf), &[("Sec-Fetch-Site", "same-origin")]).status,
        303
    );
}

#[test]
fn logins_are_throttled_with_the_same_answer_for_an_unknown_name() {
    let public = spawn_app();
    let admin = spawn_admin(&public);
    admin.drafts.add_account("lan", Role::Editor).unwrap();
    let wrong = admin.post(
        "/dang-nhap",
        None,
        &[("name", "lan"), ("password", "sai mật khẩu rồi")],
    );
    // A password typed into the name field is never written down.
    let typed_in_name = "mật khẩu bí mật của Lan 2026";
    let (misplaced, rows_logged) = admin.logged(|| {
        admin.post(
            "/dang-nhap",
            None,
            &[("name", typed_in_name), ("password", "x")],
        )
    });
    assert_eq!(misplaced.status, 401);
    assert_eq!(rows_logged, 1, "a failed sign-in is one row");
    let log = format!("{:?}", admin.drafts.audit_log().unwrap());
    assert!(!log.contains("bí mật"), "{log}");
    let unknown = admin.post(
        "/dang-nhap",
        None,
        &[("name", "khong-ai"), ("password", "sai mật khẩu rồi")],
    );
    assert_eq!(wrong.status, 401);
    assert_eq!(unknown.status, 401);
    assert_eq!(
        texts(&wrong.html(), "[role=alert]"),
        texts(&unknown.html(), "[role=alert]")
    );
    for _ in 0..3 {
        admin.post(
            "/dang-nhap",
            None,
            &[("name", "lan"), ("password", "sai nữa")],
        );
    }
    let (throttled, rows_logged) = admin.logged(|| {
        admin.post(
            "/dang-nhap",
            None,
            &[("name", "lan"), ("password", "sai nữa")],
        )
    });
    assert_eq!(throttled.status, 429);
    assert_eq!(rows_logged, 1, "a refused attempt is logged once");
    let retry: i64 = throttled.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    admin.clock.advance(16 * 60);
    let later = admin.post(
        "/dang-nhap",
        None,
        &[("name", "lan"), ("password", "sai nữa")],
    );
    assert_eq!(later.status, 401, "the window has passed");
}

/// A value that exists nowhere in the record.
const DRAFT_VALUE: &str = "987654.321";

fn public_answers(public: &TestApp) -> String {
    [
        "/xuat-nhap-khau/2023",
        "/api/v1/observations?indicator=trade.export",
        "/du-lieu/so-lieu.csv",
        "/cap-nhat",
        "/cap-nhat.xml",
        "/so-lieu/trade.export",
    ]
    .iter()
    .map(|path| public.get(path).body)
    .collect()
}

/// Whether the public database's files (with its journal) hold `text`.
fn public_files_hold(public: &TestApp, text: &str) -> bool {
    let name = public
        .db
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    std::fs::read_dir(public.db.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().starts_with(&name))
        .any(|entry| {
            std::fs::read(entry.path())
                .unwrap_or_default()
                .windows(text.len())
                .any(|window| window == text.as_bytes())
        })
}

#[test]
fn a_change_set_goes_from_upload_to_publication_with_a_second_person() {
    let public = spawn_app();
    let admin = spawn_admin(&public);
    let editor = admin.sign_in_new("lan", Role::Editor);
    let approver = admin.sign_in_new("minh", Role::Approver);
    let set = admin.new_set(&editor, "Xuất khẩu tháng 12 năm 2023");

    // Uploads refused whole: too large, not a spreadsheet, a bad row.
    let large = vec![b'a'; 5 * 1024 * 1024 + 10];
    assert_eq!(
        admin
            .upload(&editor, set, admin.version(set), "lon.csv", &large)
            .status,
        413
    );
    let pdf = b"%PDF-1.7\n\0\0binary";
    let refused = admin.upload(&editor, set, admin.version(set), "bao-cao.pdf", pdf);
    assert_eq!(refused.status, 400);
    assert!(
        refused.body.contains("không phải bảng tính"),
        "{}",
        refused.body
    );
    let bad = "indicator;year;value;period;territory;publisher;status;published;source\ntrade.export;2023;abc;year;gia-lai-cu;so-cong-thuong;official;2024-01-10;Báo cáo\n";
    let rejected = admin.upload(&editor, set, admin.version(set), "sai.csv", bad.as_bytes());
    assert_eq!(rejected.status, 400);
    assert!(rejected.body.contains("dòng 2"), "{}", rejected.body);
    assert!(
        admin.drafts.change_set(set).unwrap().rows_csv.is_empty(),
        "nothing kept"
    );

    // The department's figure, and the statistics office's differing
    // one: publishers that disagree are a warning of `check`.
    let csv = format!(
        "indicator;year;value;period;territory;publisher;status;published;source\n\
         trade.export;2023;{};year;gia-lai-cu;so-cong-thuong;official;2024-01-10;Báo cáo tổng kết năm 2023 (bản nháp kiểm thử)\n\
         trade.export;2023;987000;year;gia-lai-cu;thong-ke;official;2024-01-12;Cục Thống kê (bản nháp kiểm thử)\n",
        DRAFT_VALUE.replace('.', ",")
    );
    let (uploaded, rows_logged) = admin.logged(|| {
        admin.upload(
            &editor,
            set,
            admin.version(set),
            "thang-12.csv",
            csv.as_bytes(),
        )
    });
    assert_eq!(uploaded.status, 303, "{}", uploaded.body);
    assert_eq!(rows_logged, 1, "an upload is one row of the log");
    let page = admin.get(&format!("/bo-thay-doi/{set}"), Some(&editor.cookie));
    assert_eq!(page.status, 200);
    let rows = texts(&page.html(), "#cac-dong tbody tr");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().any(|r| r.contains("987.654,321")), "{rows:?}");

    // Not public while a draft: not in any answer, nor anywhere in the
    // public database's files, from which the cache and the static copy
    // are made.
    assert!(!public_answers(&public).contains("987654.321"));
    assert!(!public_answers(&public).contains("987.654,321"));
    assert!(!public_files_hold(&public, DRAFT_VALUE));

    // A warning must be passed with a written reason before submitting.
    let finding_keys: Vec<String> = page
        .html()
        .select(&scraper::Selector::parse("input[name=finding]").unwrap())
        .filter_map(|i| i.value().attr("value").map(str::to_string))
        .collect();
    assert!(
        !finding_keys.is_empty(),
        "the publishers' disagreement is a warning"
    );
    let (submit, rows_logged) = admin.logged(|| admin.step(&editor, set, "gui-duyet", ""));
    assert_eq!(submit.status, 409, "a warning without a reason");
    assert_eq!(rows_logged, 0, "a refused step changes nothing");
    for finding in &finding_keys {
        let (waived, rows_logged) = admin.logged(|| {
            admin.post(
                &format!("/bo-thay-doi/{set}/ly-do"),
                Some(&editor.cookie),
                &[
                    ("csrf", &editor.csrf),
                    ("finding", finding),
                    ("reason", "Số kiểm thử <script>alert(1)</script>\ndòng hai"),
                ],
            )
        });
        assert_eq!(waived.status, 303);
        assert_eq!(rows_logged, 1);
    }
    let waived_page = admin.get(&format!("/bo-thay-doi/{set}"), Some(&editor.cookie));
    assert!(
        waived_page.body.contains("Đã bỏ qua"),
        "the reason is shown"
    );
    assert!(!waived_page.body.contains("<script>alert(1)"), "escaped");
    assert_eq!(admin.drafts.change_set(set).unwrap().status.code(), "nhap");

    // Approving before submission is a step out of order.
    assert_eq!(admin.step(&approver, set, "duyet", "").status, 409);
    let (submitted, rows_logged) = admin.logged(|| admin.step(&editor, set, "gui-duyet", ""));
    assert_eq!(submitted.status, 303);
    assert_eq!(rows_logged, 1);
    // An editor cannot approve; the approver can.
    assert_eq!(admin.step(&editor, set, "duyet", "").status, 403);
    // Publishing before approval is refused.
    assert_eq!(admin.step(&approver, set, "cong-bo", "").status, 409);
    // Returned with a reason holding markup and a newline: shown escaped.
    let reason = "Thiếu nguồn <script>alert('x')</script>\nxem lại trang 3";
    let (returned, rows_logged) = admin.logged(|| admin.step(&approver, set, "tra-lai", reason));
    assert_eq!(returned.status, 303);
    assert_eq!(rows_logged, 1);
    let returned = admin.get(&format!("/bo-thay-doi/{set}"), Some(&editor.cookie));
    assert!(!returned.body.contains("<script>alert"), "escaped");
    assert!(text(&returned.html(), "#ly-do-tra-lai").contains("<script>alert('x')</script>"));
    assert_eq!(admin.step(&editor, set, "gui-duyet", "").status, 303);
    let (approved, rows_logged) = admin.logged(|| admin.step(&approver, set, "duyet", ""));
    assert_eq!(approved.status, 303);
    assert_eq!(rows_logged, 1);
    // A save from an older version is a conflict, with a link; nothing lost.
    let (stale, rows_logged) = admin.logged(|| {
        admin.upload(
            &editor,
            set,
            admin.version(set) - 1,
            "thang-12.csv",
            csv.as_bytes(),
        )
    });
    assert_eq!(stale.status, 409);
    assert_eq!(rows_logged, 0);
    assert!(stale.body.contains(&format!("/bo-thay-doi/{set}")));
    assert_eq!(
        admin.drafts.change_set(set).unwrap().status.code(),
        "da-duyet"
    );

    assert!(
        !public_answers(&public).contains("987654.321"),
        "approved is not published"
    );
    assert!(!public_files_hold(&public, DRAFT_VALUE));
    // Not a correction: out of the calendar only with a reason.
    let (unannounced, rows_logged) = admin.logged(|| admin.step(&approver, set, "cong-bo", ""));
    assert_eq!(unannounced.status, 409, "{}", unannounced.body);
    assert!(
        unannounced.body.contains("lên lịch"),
        "{}",
        unannounced.body
    );
    assert_eq!(rows_logged, 0);
    let (published, rows_logged) =
        admin.logged(|| admin.step(&approver, set, "cong-bo", "Kiểm thử: công bố ngoài lịch"));
    assert_eq!(published.status, 303, "{}", published.body);
    assert_eq!(rows_logged, 1, "publishing is one row, with what it wrote");
    assert_eq!(
        admin.drafts.change_set(set).unwrap().status.code(),
        "da-cong-bo"
    );
    let after = public_answers(&public);
    assert!(
        after.contains("987654.321") || after.contains("987.654,321"),
        "published"
    );
    assert!(
        public_files_hold(&public, DRAFT_VALUE),
        "the check can see it"
    );
    let figure = public.page("/so-lieu/trade.export");
    assert!(
        texts(&figure, "body")
            .concat()
            .contains("Báo cáo tổng kết năm 2023 (bản nháp kiểm thử)"),
        "with its source"
    );
    // Every step is in the log, and the figure's page in the admin shows it.
    let history = admin.get("/so-lieu/trade.export", Some(&approver.cookie));
    assert!(
        history.body.contains(&format!("bo-thay-doi:{set}")),
        "{}",
        history.body
    );
    assert!(admin.drafts.verify_audit().unwrap().1.is_empty());
}

#[test]
fn a_workbook_with_formulas_is_refused_and_nothing_kept() {
    let public = spawn_app();
    let admin = spawn_admin(&public);
    let editor = admin.sign_in_new("lan", Role::Editor);
    let set = admin.new_set(&editor, "Có công thức");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, name) in ["indicator", "year", "value", "status", "source"]
        .into_iter()
        .enumerate()
    {
        sheet.write_string(0, column as u16, name).unwrap();
    }
    sheet.write_string(1, 0, "trade.export").unwrap();
    sheet.write_number(1, 1, 2023).unwrap();
    sheet.write_formula(1, 2, "=1000+0.5").unwrap();
    sheet.write_string(1, 3, "official").unwrap();
    sheet.write_string(1, 4, "Báo cáo").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let (refused, rows_logged) =
        admin.logged(|| admin.upload(&editor, set, admin.version(set), "cong-thuc.xlsx", &bytes));
    assert_eq!(refused.status, 400);
    assert!(
        refused.body.contains("ô C2 chứa công thức"),
        "{}",
        refused.body
    );
    assert_eq!(rows_logged, 0);
    assert!(admin.drafts.change_set(set).unwrap().rows_csv.is_empty());
}

#[test]
fn nobody_approves_a_set_they_made_or_last_edited() {
    let public = spawn_app();
    let admin = spawn_admin(&public);
    let minh = admin.sign_in_new("minh", Role::Approver);
    let hoa = admin.sign_in_new("hoa", Role::Approver);
    let set = admin.new_set(&minh, "Một số liệu");
    let added = admin.add_row(
        &minh,
        set,
        &[
            ("indicator", "trade.export"),
            ("year", "2023"),
            ("period", "year"),
            ("value", "1234,5"),
            ("territory", "gia-lai-cu"),
            ("publisher", "so-cong-thuong"),
            ("status", "estimate"),
            ("published", "2024-01-05"),
            ("source", "Báo cáo"),
        ],
    );
    assert_eq!(added.status, 303, "{}", added.body);
    admin.waive_all(&minh, set, "kiểm thử");
    assert_eq!(admin.step(&minh, set, "gui-duyet", "").status, 303);
    assert_eq!(admin.step(&minh, set, "duyet", "").status, 403, "its maker");
    assert_eq!(
        admin.step(&hoa, set, "duyet", "").status,
        303,
        "another approver"
    );
}

#[test]
fn a_backup_taken_while_the_admin_writes_holds_every_published_figure() {
    let public = spawn_app();
    let admin = spawn_admin(&public);
    let out = tempfile::tempdir().unwrap();
    let writer = {
        let drafts = admin.drafts.clone();
        std::thread::spawn(move || {
            for i in 0..40 {
                drafts
                    .audit(&congthuong::drafts::AuditEntry {
                        actor: "kiem-thu".into(),
                        action: format!("ghi-{i}"),
                        object: "sao-luu".into(),
                        ..Default::default()
                    })
                    .unwrap();
            }
        })
    };
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_congthuong"))
        .args(["backup", "--db"])
        .arg(&public.db)
        .arg("--drafts")
        .arg(admin.drafts.path())
        .arg("--out")
        .arg(out.path())
        .status()
        .expect("the backup runs");
    writer.join().unwrap();
    assert!(status.success());
    let copy = congthuong::db::Store::open(&out.path().join("congthuong.sqlite")).unwrap();
    let original = congthuong::db::Store::open(&public.db).unwrap();
    assert_eq!(
        copy.all_versions().unwrap().len(),
        original.all_versions().unwrap().len()
    );
    let drafts_copy =
        DraftStore::open(&out.path().join("quan-tri.sqlite"), Clock::system()).unwrap();
    assert!(drafts_copy.verify_audit().unwrap().1.is_empty());
    let _: PathBuf = out.path().to_path_buf();
}

#[test]
fn a_correction_goes_out_with_its_public_note() {
    let public = spawn_app();
    let admin = spawn_admin(&public);
    let editor = admin.sign_in_new("lan", Role::Editor);
    let approver = admin.sign_in_new("minh", Role::Approver);
    // A correction says what was wrong, or is not made.
    let without_note = admin.post(
        "/bo-thay-doi",
        Some(&editor.cookie),
        &[
            ("csrf", &editor.csrf),
            ("title", "Sửa số"),
            ("kind", "dinh-chinh"),
        ],
    );
    assert_eq!(without_note.status, 400);
    let note = "Số xuất khẩu năm 2023 nhập nhầm 681; báo cáo ghi 680,5 triệu USD.";
    let made = admin.post(
        "/bo-thay-doi",
        Some(&editor.cookie),
        &[
            ("csrf", &editor.csrf),
            ("title", "Xuất khẩu năm 2023"),
            ("kind", "dinh-chinh"),
            ("public_note", note),
        ],
    );
    assert_eq!(made.status, 303);
    let set = set_of(&made);
    let added = admin.add_row(
        &editor,
        set,
        &[
            ("indicator", "trade.export"),
            ("year", "2023"),
            ("period", "year"),
            ("value", "680,5"),
            ("territory", "gia-lai-cu"),
            ("publisher", "so-cong-thuong"),
            ("status", "official"),
            ("published", "2024-03-01"),
            ("source", "Báo cáo đính chính"),
        ],
    );
    assert_eq!(added.status, 303, "{}", added.body);
    admin.waive_all(&editor, set, "đính chính");
    assert_eq!(admin.step(&editor, set, "gui-duyet", "").status, 303);
    assert_eq!(admin.step(&approver, set, "duyet", "").status, 303);
    assert_eq!(admin.step(&approver, set, "cong-bo", "").status, 303);
    let releases = public.page("/cap-nhat");
    let newest = texts(&releases, "section.release")
        .into_iter()
        .next()
        .expect("a release");
    assert!(
        newest.contains("Đính chính: Xuất khẩu năm 2023"),
        "{newest}"
    );
    assert!(newest.contains(note), "{newest}");
    let feed = public.get("/cap-nhat.xml").body;
    assert!(feed.contains("Đính chính: Xuất khẩu năm 2023"), "{feed}");
    assert!(feed.contains("nhập nhầm 681"), "{feed}");
    // Where the figure shows, it says it was corrected, when, and why.
    let trade = public.page("/xuat-nhap-khau/2023");
    let card = texts(&trade, "main").concat();
    let today =
        congthuong::format::vietnam_time(&congthuong::format::now_utc()).unwrap()[..10].to_string();
    assert!(
        card.contains(&format!(
            "đính chính ngày {today}: {note} (trước đó 680 triệu USD)"
        )),
        "{card}"
    );
    // And on every other page that shows it: the overview's card, the
    // briefing (under its table), the chart's page (its notes) and the
    // chart framed in other sites' articles.
    let said = format!("đính chính ngày {today}: {note} (trước đó 680 triệu USD)");
    for (path, css) in [
        ("/2023", "#chi-tieu-trade-export .revised"),
        ("/ban-tin/2023", ".briefing-amendments"),
        ("/bieu-do/can-can-thuong-mai/2023", "aside.note li"),
        ("/nhung/can-can-thuong-mai/2023", "figcaption .revised"),
    ] {
        let found = texts(&public.page(path), css);
        assert!(
            found.iter().any(|t| t.contains(&said)),
            "{path} {css}: {found:?}"
        );
    }
    // The chart's files, which carry no notes, still answer.
    assert_eq!(
        public.get("/bieu-do/can-can-thuong-mai-2023.svg").status,
        200
    );

    // The figure's page keeps the earlier version, when it was superseded
    // and why.
    let history = public.page("/so-lieu/trade.export/2023");
    let superseded = texts(&history, ".superseded");
    assert_eq!(
        superseded,
        [format!(
            "thay ngày 01/03/2024 (lên trang ngày {today}) — Đính chính: Xuất khẩu năm 2023 — {note}"
        )],
        "{superseded:?}"
    );
}

#[test]
fn behind_https_the_cookie_is_secure_and_bound_to_the_host() {
    let public = spawn_app();
    let admin = spawn_admin_at(&public, "https://quan-tri.so-lieu.example.vn");
    let new = admin.drafts.add_account("lan", Role::Editor).unwrap();
    let answer = admin.post_with(
        "/dang-nhap",
        None,
        &[("name", "lan"), ("password", &new.one_time_password)],
        &[("Origin", "https://quan-tri.so-lieu.example.vn")],
    );
    assert_eq!(answer.status, 303, "{}", answer.body);
    let set_cookie = answer.header("set-cookie").unwrap();
    assert!(set_cookie.starts_with("__Host-phien="), "{set_cookie}");
    for attribute in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(attribute), "{attribute}: {set_cookie}");
    }
    assert!(!set_cookie.contains("Domain"), "{set_cookie}");
}

/// Who may do what: each role against each action, through the server.
#[test]
fn each_role_may_do_what_it_is_for_and_nothing_else() {
    let public = spawn_app();
    let admin = spawn_admin(&public);
    let maker = admin.sign_in_new("nguoi-tao", Role::Editor);
    // A submitted set of someone else's, for the steps.
    // Each role's set of its own year: a year one role publishes as
    // official is final for the next.
    let submitted_set = |title: &str, year: &str| {
        let set = admin.new_set(&maker, title);
        let added = admin.add_row(
            &maker,
            set,
            &[
                ("indicator", "ecommerce.score"),
                ("year", year),
                ("period", "year"),
                ("value", "40"),
                ("territory", "gia-lai-cu"),
                ("publisher", "vecom"),
                ("status", "official"),
                ("published", "2020-05-01"),
                ("source", "Báo cáo EBI 2020"),
            ],
        );
        assert_eq!(added.status, 303, "{}", added.body);
        assert_eq!(admin.step(&maker, set, "gui-duyet", "").status, 303);
        set
    };
    let roles = [
        ("bien-tap", Role::Editor),
        ("duyet", Role::Approver),
        ("quan-tri", Role::Administrator),
    ];
    // (action, editor, approver, administrator): allowed or not.
    let mut seen = Vec::new();
    for (name, role) in roles {
        let who = admin.sign_in_new(name, role);
        let year = match role {
            Role::Editor => "2017",
            Role::Approver => "2018",
            Role::Administrator => "2019",
        };
        let set = submitted_set(&format!("Bộ cho {name}"), year);
        let status = |answer: Answer| answer.status;
        let outcomes = [
            (
                "xem danh sách bộ",
                status(admin.get("/", Some(&who.cookie))) == 200,
            ),
            (
                "xem một bộ",
                status(admin.get(&format!("/bo-thay-doi/{set}"), Some(&who.cookie))) == 200,
            ),
            (
                "tạo bộ",
                status(admin.post(
                    "/bo-thay-doi",
                    Some(&who.cookie),
                    &[("csrf", &who.csrf), ("title", "Mới"), ("kind", "phat-hanh")],
                )) == 303,
            ),
            (
                "xem tài khoản",
                status(admin.get("/tai-khoan", Some(&who.cookie))) == 200,
            ),
            ("duyệt", status(admin.step(&who, set, "duyet", "")) == 303),
            (
                "công bố",
                status(admin.step(&who, set, "cong-bo", "ngoài lịch")) == 303,
            ),
        ];
        seen.push((name, outcomes.map(|(action, allowed)| (action, allowed))));
    }
    let expected = [
        ("bien-tap", [true, true, true, false, false, false]),
        ("duyet", [true, true, true, false, true, true]),
        ("quan-tri", [false, false, false, true, false, false]),
    ];
    for ((name, outcomes), (expected_name, allowed)) in seen.iter().zip(expected) {
        assert_eq!(*name, expected_name);
        for ((action, was), should) in outcomes.iter().zip(allowed) {
            assert_eq!(*was, should, "{name} {action}");
        }
    }
}

#[test]
fn the_second_of_two_saves_answers_409_with_what_it_sent_and_loses_nothing() {
    let public = spawn_app();
    let admin = spawn_admin(&public);
    let lan = admin.sign_in_new("lan", Role::Editor);
    let hoa = admin.sign_in_new("hoa", Role::Editor);
    let set = admin.new_set(&lan, "Hai người cùng sửa");
    // Both open the set at the same version.
    let seen = admin.version(set).to_string();
    let row = |who: &Browser, value: &'static str| {
        admin.post(
            &format!("/bo-thay-doi/{set}/dong"),
            Some(&who.cookie),
            &[
                ("csrf", &who.csrf),
                ("version", &seen),
                ("indicator", "trade.import"),
                ("year", "2019"),
                ("period", "year"),
                ("value", value),
                ("territory", "gia-lai-cu"),
                ("publisher", "so-cong-thuong"),
                ("status", "official"),
                ("source", "Báo cáo"),
            ],
        )
    };
    assert_eq!(row(&lan, "101,5").status, 303);
    let second = row(&hoa, "202,25");
    assert_eq!(second.status, 409);
    assert!(
        second.body.contains(&format!("/bo-thay-doi/{set}")),
        "a link to the newer version"
    );
    assert!(
        text(&second.html(), "#da-gui").contains("202,25"),
        "what was typed, shown back"
    );
    let kept = admin.drafts.change_set(set).unwrap();
    assert!(
        kept.rows_csv.contains("101.5"),
        "the first save stands: {}",
        kept.rows_csv
    );
    assert!(!kept.rows_csv.contains("202.25"));
}

/// A day `days` from now on Vietnam's calendar, as forms send it.
fn day_from_now(days: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    congthuong::format::utc_of_unix(now + days * 86_400 + 7 * 3600)[..10].to_string()
}

/// The release calendar: announced in the admin by an approver, shown on
/// `/lich-cong-bo` and in its iCalendar feed; a moved date keeps the old
/// one and the reason; every change is one row of the log.
#[test]
fn the_release_calendar_is_kept_in_the_admin_and_published_with_its_changes() {
    let public = spawn_app();
    let admin = spawn_admin(&public);
    let approver = admin.sign_in_new("minh", Role::Approver);
    let editor = admin.sign_in_new("lan", Role::Editor);
    let day = day_from_now(30);
    let form = |who: &Browser| {
        vec![
            ("csrf", who.csrf.clone()),
            ("title", "Số liệu tháng 10 năm 2026".to_string()),
            ("day", day.clone()),
            ("time", "09:00".to_string()),
            ("status", "da-xac-nhan".to_string()),
            ("indicator", "trade.export".to_string()),
            ("indicator", "retail.total".to_string()),
        ]
    };
    let post_form = |who: &Browser| {
        let fields = form(who);
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        admin.post("/lich-cong-bo", Some(&who.cookie), &fields)
    };
    assert_eq!(
        post_form(&editor).status,
        403,
        "an editor keeps no calendar"
    );
    let (added, rows_logged) = admin.logged(|| post_form(&approver));
    assert_eq!(added.status, 303, "{}", added.body);
    assert_eq!(rows_logged, 1);

    let page = public.page("/lich-cong-bo");
    let coming = crate::helpers::table_rows(&page, "table.calendar");
    assert_eq!(coming.len(), 1, "{coming:?}");
    let (y, m, d) = (&day[0..4], &day[5..7], &day[8..10]);
    assert_eq!(coming[0][0], format!("{d}/{m}/{y} 09:00"), "{coming:?}");
    assert!(
        coming[0][1].contains("Số liệu tháng 10 năm 2026"),
        "{coming:?}"
    );
    assert!(coming[0][1].contains("Kim ngạch xuất khẩu"), "{coming:?}");
    assert_eq!(coming[0][2], "đã xác nhận");
    let feed = public.get("/lich-cong-bo.ics");
    assert_eq!(feed.content_type, "text/calendar; charset=utf-8");
    assert!(feed.body.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(
        feed.body
            .contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh\r\n")
    );
    assert!(feed.body.contains(&format!(
        "DTSTART;TZID=Asia/Ho_Chi_Minh:{y}{m}{d}T090000\r\n"
    )));
    assert!(feed.body.contains("SEQUENCE:0\r\n"));
    // DTSTAMP says when the entry last changed (now), not its day, 30 days on.
    let stamp = feed
        .body
        .lines()
        .find_map(|l| l.strip_prefix("DTSTAMP:"))
        .expect("a DTSTAMP");
    assert!(
        stamp.ends_with('Z') && !stamp.starts_with(&format!("{y}{m}{d}")),
        "{stamp}"
    );
    let uid = |body: &str| {
        body.lines()
            .find(|l| l.starts_with("UID:"))
            .map(str::to_string)
            .expect("a UID")
    };
    let first_uid = uid(&feed.body);
    assert!(feed.body.lines().all(|l| l.len() <= 75 + 1), "folded");
    // The page and the feed are linked to each other.
    assert!(
        page.select(&crate::helpers::selector("a[href='/lich-cong-bo.ics']"))
            .next()
            .is_some()
    );

    // Moved, with a reason: the old date and the reason stay, shown.
    let entry = 1;
    let later = day_from_now(33);
    let (moved, rows_logged) = admin.logged(|| {
        admin.post(
            &format!("/lich-cong-bo/{entry}/doi-ngay"),
            Some(&approver.cookie),
            &[
                ("csrf", &approver.csrf),
                ("day", &later),
                ("time", "09:00"),
                ("reason", "Chờ Cục Thống kê công bố số liệu tháng 10."),
            ],
        )
    });
    assert_eq!(moved.status, 303, "{}", moved.body);
    assert_eq!(rows_logged, 1);
    let without_reason = admin.post(
        &format!("/lich-cong-bo/{entry}/doi-ngay"),
        Some(&approver.cookie),
        &[("csrf", &approver.csrf), ("day", &later), ("reason", " ")],
    );
    assert_eq!(without_reason.status, 400, "a moved date needs its reason");
    let page = public.page("/lich-cong-bo");
    let coming = crate::helpers::table_rows(&page, "table.calendar");
    assert_eq!(
        coming[0][0],
        format!("{}/{}/{} 09:00", &later[8..10], &later[5..7], &later[0..4])
    );
    assert!(
        coming[0][1].contains(&format!("Đổi từ {d}/{m}/{y} 09:00")),
        "{coming:?}"
    );
    assert!(coming[0][1].contains("Chờ Cục Thống kê"), "{coming:?}");
    let feed = public.get("/lich-cong-bo.ics").body;
    assert_eq!(uid(&feed), first_uid, "the same event, moved");
    assert!(feed.contains("SEQUENCE:1\r\n"));

    // A release no entry announced (a file imported now) is on the
    // calendar as out of it, linked to where it stays.
    crate::helpers::import(
        &public.db,
        "indicator,year,value,period,publisher,status,published,source\n\
         trade.export,2024,560,m9,so-cong-thuong,estimate,2024-10-05,Sở Công Thương\n",
    );
    let year = &crate::helpers::today_in_vietnam()[6..10];
    let unannounced = |page: &scraper::Html| {
        page.select(&crate::helpers::selector(
            "#da-cong-bo ~ div table tr#cap-nhat-2 a",
        ))
        .next()
        .and_then(|a| a.value().attr("href").map(str::to_string))
    };
    let page = public.page("/lich-cong-bo");
    assert_eq!(
        unannounced(&page).as_deref(),
        Some(format!("/cap-nhat/{year}#dot-2").as_str())
    );
    let past = crate::helpers::table_rows(&page, "#da-cong-bo ~ div table");
    assert_eq!(past.len(), 1, "{past:?}");
    assert!(
        past[0][1].contains("Cập nhật số liệu 9 tháng năm 2024"),
        "{past:?}"
    );
    assert_eq!(past[0][2], "đã công bố: ngoài lịch báo trước");

    // Put off: only with a reason. Then out, linked to its release, which
    // is then the entry's and no longer listed apart.
    let postponed = admin.post(
        &format!("/lich-cong-bo/{entry}/tinh-trang"),
        Some(&approver.cookie),
        &[("csrf", &approver.csrf), ("status", "hoan"), ("reason", "")],
    );
    assert_eq!(postponed.status, 400);
    let (published, rows_logged) = admin.logged(|| {
        admin.post(
            &format!("/lich-cong-bo/{entry}/tinh-trang"),
            Some(&approver.cookie),
            &[
                ("csrf", &approver.csrf),
                ("status", "da-cong-bo"),
                ("release", "2"),
                ("reason", ""),
            ],
        )
    });
    assert_eq!(published.status, 303, "{}", published.body);
    assert_eq!(rows_logged, 1);
    let page = public.page("/lich-cong-bo");
    let links = crate::helpers::hrefs(&page, "#da-cong-bo ~ div table a");
    assert_eq!(links, [format!("/cap-nhat/{year}#dot-2")]);
    assert_eq!(unannounced(&page), None);
    let listed = public.page(&format!("/cap-nhat/{year}"));
    assert_eq!(
        listed
            .select(&crate::helpers::selector("section.release#dot-2"))
            .count(),
        1
    );
    let log = admin.drafts.audit_of("lich-cong-bo:1").unwrap();
    assert_eq!(
        log.iter()
            .map(|r| r.entry.action.as_str())
            .collect::<Vec<_>>(),
        [
            "them-lich-cong-bo",
            "doi-ngay-cong-bo",
            "doi-tinh-trang-lich"
        ]
    );
}

/// A period that already has an official figure stays final: a set
/// touching it goes on only after an approver opens it, with a reason
/// kept in the log; an edit after that closes it again.
#[test]
fn a_period_already_official_opens_only_with_an_approvers_reason() {
    let public = spawn_app();
    let admin = spawn_admin(&public);
    let lan = admin.sign_in_new("lan", Role::Editor);
    let minh = admin.sign_in_new("minh", Role::Approver);
    let hoa = admin.sign_in_new("hoa", Role::Approver);
    let official = |who: &Browser, set: i64, value: &str, published: &str| {
        let added = admin.add_row(
            who,
            set,
            &[
                ("indicator", "trade.import"),
                ("year", "2019"),
                ("period", "year"),
                ("value", value),
                ("territory", "gia-lai-cu"),
                ("publisher", "so-cong-thuong"),
                ("status", "official"),
                ("published", published),
                ("source", "Báo cáo chính thức"),
            ],
        );
        assert_eq!(added.status, 303, "{}", added.body);
        admin.waive_all(who, set, "kiểm thử");
    };
    // 2019 becomes official.
    let first = admin.new_set(&lan, "Số chính thức năm 2019");
    official(&lan, first, "100", "2020-03-01");
    assert_eq!(admin.step(&lan, first, "gui-duyet", "").status, 303);
    assert_eq!(admin.step(&minh, first, "duyet", "").status, 303);
    assert_eq!(
        admin.step(&minh, first, "cong-bo", "ngoài lịch").status,
        303
    );

    // A later set touching 2019 is held.
    let later = admin.new_set(&lan, "Sửa năm 2019");
    official(&lan, later, "101", "2020-06-01");
    let held = admin.step(&lan, later, "gui-duyet", "");
    assert_eq!(held.status, 409);
    assert!(
        held.body.contains("kỳ đã có số chính thức: năm 2019"),
        "{}",
        held.body
    );
    let page = admin.get(&format!("/bo-thay-doi/{later}"), Some(&minh.cookie));
    assert!(text(&page.html(), "#ky-chinh-thuc").contains("năm 2019"));
    // An editor cannot open it; an approver can, with a reason.
    assert_eq!(admin.step(&lan, later, "mo-khoa", "vì sao").status, 403);
    assert_eq!(
        admin.step(&minh, later, "mo-khoa", " ").status,
        409,
        "a reason is needed"
    );
    let (opened, rows_logged) = admin.logged(|| {
        admin.step(
            &minh,
            later,
            "mo-khoa",
            "Cục Thống kê sửa số chính thức năm 2019.",
        )
    });
    assert_eq!(opened.status, 303, "{}", opened.body);
    assert_eq!(rows_logged, 1);
    let log = admin
        .drafts
        .audit_of(&format!("bo-thay-doi:{later}"))
        .unwrap();
    assert!(log.iter().any(|r| r.entry.action == "mo-khoa-ky-chinh-thuc"
        && r.entry.reason.contains("Cục Thống kê sửa")));
    // An edit after the unlock closes the period again.
    official(&lan, later, "102", "2020-06-01");
    assert_eq!(admin.step(&lan, later, "gui-duyet", "").status, 409);
    assert_eq!(
        admin
            .step(&minh, later, "mo-khoa", "Số sửa lần hai.")
            .status,
        303
    );
    assert_eq!(admin.step(&lan, later, "gui-duyet", "").status, 303);
    assert_eq!(admin.step(&hoa, later, "duyet", "").status, 303);
}

/// Seconds from the system's now to `day` (yyyy-mm-dd) at `time` in
/// Vietnam: how far to move the injected clock.
fn seconds_until(day: &str, time: &str) -> i64 {
    let at = congthuong::format::utc_of_vietnam(day, time).expect("a day and time");
    let seconds = |utc: &str| congthuong::format::unix_of_utc(utc).expect("a time");
    seconds(&at) - seconds(&congthuong::format::now_utc())
}

/// Waits (bounded) until `done` holds: the scheduler runs every 100 ms,
/// and a static copy is made in the background (slower in a debug build
/// with every test running beside it). A bound, not a time measured.
fn eventually(what: &str, done: impl Fn() -> bool) {
    for _ in 0..600 {
        if done() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{what}: not within 60 s");
}

/// Publication on time: an approved set scheduled into a calendar slot,
/// with the reason it goes out before the statistics office's release,
/// shown to the second approver; nothing public before the slot's minute
/// by the injected clock, everything after it, published once although
/// two publishers race for it.
#[test]
fn a_scheduled_set_goes_out_at_its_minute_and_not_before_and_only_once() {
    let public = spawn_app();
    let admin = spawn_admin(&public);
    let editor = admin.sign_in_new("lan", Role::Editor);
    let approver = admin.sign_in_new("minh", Role::Approver);
    let second = admin.sign_in_new("hoa", Role::Approver);
    let day = day_from_now(2);
    admin.announce(&approver, "Số liệu ước tính năm sau", &day, "da-xac-nhan");
    // Next year's estimate by the department: the office has not released
    // that year yet, so the slot is early and needs a reason.
    let next_year = (day[..4].parse::<i32>().unwrap() + 1).to_string();
    let set = admin.approved_export(
        &editor,
        &approver,
        "Ước tính xuất khẩu",
        &[
            ("year", &next_year),
            ("territory", "gia-lai"),
            ("value", "4321,75"),
            ("status", "estimate"),
            ("published", &day),
        ],
    );
    let schedule = |reason: &str| admin.schedule(&approver, set, "1", reason);
    let (refused, rows_logged) = admin.logged(|| schedule(""));
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.body.contains("Cục Thống kê") && refused.body.contains(&next_year),
        "names the early figure: {}",
        refused.body
    );
    assert_eq!(rows_logged, 0);
    let reason = "Ước tính phục vụ hội nghị xúc tiến, UBND tỉnh đồng ý";
    let (scheduled, rows_logged) = admin.logged(|| schedule(reason));
    assert_eq!(scheduled.status, 303, "{}", scheduled.body);
    assert_eq!(rows_logged, 1);
    // The second approver sees the slot and the reason.
    let page = admin.get(&format!("/bo-thay-doi/{set}"), Some(&second.cookie));
    assert!(text(&page.html(), "#lich").contains("09:00"));
    assert_eq!(text(&page.html(), "#ly-do-cong-bo-som"), reason);

    let out = || public_answers(&public).contains("4321.75");
    assert!(!out(), "scheduled is not published");
    // A minute before: the scheduler runs and publishes nothing.
    admin.clock.advance(seconds_until(&day, "08:59"));
    std::thread::sleep(Duration::from_millis(600));
    assert!(!out(), "not a minute before");
    assert!(!public_files_hold(&public, "4321.75"));
    assert_eq!(
        admin.drafts.change_set(set).unwrap().status.code(),
        "da-duyet"
    );
    // Its minute: out, on the calendar as published, once.
    admin.clock.advance(60);
    eventually("published at its minute", || {
        admin.drafts.change_set(set).unwrap().status.code() == "da-cong-bo"
    });
    eventually("public within the cache's check", out);
    let calendar = public.page("/lich-cong-bo");
    let rows = crate::helpers::table_rows(&calendar, "table.calendar");
    assert!(
        rows.iter().any(|r| r.iter().any(|c| c == "đã công bố")),
        "{rows:?}"
    );
    let store = congthuong::db::Store::open(&public.db).unwrap();
    assert_eq!(
        congthuong::admin::publish_due(&store, &admin.drafts).unwrap(),
        Vec::<i64>::new(),
        "the second publisher finds nothing due"
    );
    let releases = public.page("/cap-nhat");
    assert_eq!(
        texts(&releases, "section.release")
            .iter()
            .filter(|r| r.contains("Ước tính xuất khẩu"))
            .count(),
        1
    );
    let log = admin
        .drafts
        .audit_of(&format!("bo-thay-doi:{set}"))
        .unwrap();
    let by_schedule: Vec<_> = log
        .iter()
        .filter(|row| row.entry.action == "cong-bo-theo-lich")
        .collect();
    assert_eq!(by_schedule.len(), 1);
    assert_eq!(by_schedule[0].entry.actor, "lịch công bố");
    assert!(admin.drafts.verify_audit().unwrap().1.is_empty());
}

/// `publish-due` from cron: nothing before the slot; at it the set goes
/// out; a set whose release reached the public record before its process
/// died is marked, not written again.
#[test]
fn publish_due_from_the_command_line_publishes_once() {
    let public = spawn_app();
    let admin = spawn_admin(&public);
    let editor = admin.sign_in_new("lan", Role::Editor);
    let approver = admin.sign_in_new("minh", Role::Approver);
    let day = day_from_now(3);
    for title in ["Tháng sau", "Tháng sau nữa"] {
        admin.announce(&approver, title, &day, "du-kien");
    }
    let mut sets = Vec::new();
    for (entry, value) in [("1", "777,25"), ("2", "888,5")] {
        let set = admin.approved_export(
            &editor,
            &approver,
            &format!("Xuất khẩu {value}"),
            &[
                ("year", "2019"),
                ("value", value),
                ("status", "official"),
                ("published", "2020-02-01"),
            ],
        );
        let scheduled = admin.schedule(&approver, set, entry, "");
        assert_eq!(scheduled.status, 303, "{}", scheduled.body);
        sets.push(set);
    }
    let copies = tempfile::tempdir().unwrap();
    let out = copies.path().join("ban-tinh");
    let run = || {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_congthuong"))
            .args(["publish-due", "--db"])
            .arg(&public.db)
            .arg("--drafts")
            .arg(admin.drafts.path())
            .arg("--static-out")
            .arg(&out)
            .arg("--static-dir")
            .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static"))
            .output()
            .expect("runs");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let first = run();
    assert!(first.contains("Không có bộ"), "nothing due days ahead");
    // The copy did not exist: made, without the sets.
    assert!(first.contains("Đã ghi bản"), "{first}");
    let copy_page = || std::fs::read_to_string(out.join("site/cap-nhat.xml")).unwrap();
    assert!(!copy_page().contains("Xuất khẩu 777,25"));
    let quiet = run();
    assert!(
        !quiet.contains("Đã ghi bản"),
        "a copy up to date is left: {quiet}"
    );
    // The office moved both slots to a minute ago; the second set's
    // release reached the public record before its publisher died.
    let store = congthuong::db::Store::open(&public.db).unwrap();
    let past = congthuong::format::utc_of_unix(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
            - 60,
    );
    for entry in [1, 2] {
        store.reschedule(entry, &past, "Đổi lịch").unwrap();
    }
    let half_done = admin.drafts.change_set(sets[1]).unwrap();
    let figures =
        congthuong::dataset::read_figures(half_done.rows_csv.as_bytes(), store.catalogue())
            .expect("its rows");
    store
        .import_as(
            &figures,
            &congthuong::db::ReleaseNote {
                kind: congthuong::db::ReleaseKind::Release,
                title: half_done.title.clone(),
                change_set: Some(half_done.id),
                ..Default::default()
            },
        )
        .unwrap();
    // The admin's own scheduler may take them first (its clock is the
    // system's here); either way each is published once.
    let said = run();
    eventually("both published", || {
        sets.iter()
            .all(|s| admin.drafts.change_set(*s).unwrap().status.code() == "da-cong-bo")
    });
    assert!(
        said.contains("theo lịch") || said.contains("Không có bộ"),
        "{said}"
    );
    // Whoever published them, the copy now has them.
    assert!(copy_page().contains("Xuất khẩu 777,25"));
    assert!(copy_page().contains("Xuất khẩu 888,5"));
    assert!(run().contains("Không có bộ"), "never twice");
    let releases = public.page("/cap-nhat");
    for value in ["777,25", "888,5"] {
        assert_eq!(
            texts(&releases, "section.release")
                .iter()
                .filter(|r| r.contains(&format!("Xuất khẩu {value}")))
                .count(),
            1,
            "{value}"
        );
    }
}

/// The preview: what publishing a set would change on the public site,
/// figure by figure and file by file, each page as it would look under
/// the draft banner — private, logged, and nothing of it public.
#[test]
fn a_preview_lists_what_would_change_and_shows_each_page_as_it_would_look() {
    let public = spawn_app();
    let admin = spawn_admin(&public);
    let editor = admin.sign_in_new("lan", Role::Editor);
    let keeper = admin.sign_in_new("quan", Role::Administrator);
    let set = admin.new_set(&editor, "Xuất khẩu năm 2023 theo báo cáo mới");
    let added = admin.add_row(
        &editor,
        set,
        &[
            ("indicator", "trade.export"),
            ("year", "2023"),
            ("period", "year"),
            ("territory", "gia-lai-cu"),
            ("publisher", "so-cong-thuong"),
            ("value", "683,25"),
            ("status", "preliminary"),
            ("published", "2024-01-20"),
            ("source", "Báo cáo sơ bộ"),
        ],
    );
    assert_eq!(added.status, 303, "{}", added.body);
    let page = admin.get(&format!("/bo-thay-doi/{set}"), Some(&editor.cookie));
    let link = format!("/bo-thay-doi/{set}/xem-truoc");
    assert!(page.body.contains(&link), "the set links its preview");

    assert_eq!(admin.get(&link, Some(&keeper.cookie)).status, 403);
    assert_eq!(
        admin
            .get("/bo-thay-doi/99/xem-truoc", Some(&editor.cookie))
            .status,
        404
    );
    let (listed, rows_logged) = admin.logged(|| admin.get(&link, Some(&editor.cookie)));
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert_eq!(rows_logged, 1);
    let html = listed.html();
    let figures = texts(&html, "#so-lieu-thay-doi li");
    assert_eq!(
        figures,
        [
            "Kim ngạch xuất khẩu năm 2023 (tỉnh Gia Lai (trước 1/7/2025), Sở Công Thương): 680 → 683,25 triệu USD"
        ],
        "{figures:?}"
    );
    let rows: Vec<Vec<String>> = crate::helpers::table_rows(&html, "table.tep-thay-doi");
    let change_of = |path: &str| {
        rows.iter()
            .find(|r| r[0] == path)
            .map(|r| r[1].clone())
            .unwrap_or_else(|| panic!("{path} not listed: {rows:?}"))
    };
    for path in [
        "/xuat-nhap-khau",
        "/",
        "/du-lieu/so-lieu.csv",
        "/du-lieu/so-lieu.xlsx",
        "/api/v1/observations",
        "/cap-nhat",
        "/cap-nhat.xml",
        "/so-lieu/trade.export",
    ] {
        assert_eq!(change_of(path), "thay đổi", "{path}");
    }
    assert!(
        rows.iter()
            .any(|r| r[0].starts_with("/bieu-do/") && r[0].ends_with(".svg")),
        "a chart: {rows:?}"
    );
    assert!(
        !rows
            .iter()
            .any(|r| r[0] == "/robots.txt" || r[0].starts_with("/static/")),
        "{rows:?}"
    );

    // A page as it would look: the banner, the new figure, links that stay
    // in the preview, private; each view one row of the log.
    let view = format!("/bo-thay-doi/{set}/xem-truoc/trang/xuat-nhap-khau");
    assert!(
        html.select(&crate::helpers::selector(&format!("a[href='{view}']")))
            .next()
            .is_some()
    );
    let (shown, rows_logged) = admin.logged(|| admin.get(&view, Some(&editor.cookie)));
    assert_eq!(shown.status, 200);
    assert_eq!(rows_logged, 1);
    let shown_html = shown.html();
    assert!(text(&shown_html, ".ban-nhap").contains("BẢN NHÁP – CHƯA CÔNG BỐ"));
    assert!(shown.body.contains("683,25"));
    assert_eq!(shown.header("cache-control"), Some("no-store"));
    assert!(shown.header("x-robots-tag").unwrap().contains("noindex"));
    assert!(
        shown
            .body
            .contains(&format!("href=\"/bo-thay-doi/{set}/xem-truoc/trang/ban-le"))
    );
    let log = admin
        .drafts
        .audit_of(&format!("bo-thay-doi:{set}"))
        .unwrap();
    assert!(
        log.iter()
            .any(|r| r.entry.action == "xem-truoc" && r.entry.after == "trang /xuat-nhap-khau"),
        "the view is logged"
    );
    // Its stylesheet and charts come through the preview too.
    let css = shown_html
        .select(&crate::helpers::selector("link[rel=stylesheet]"))
        .filter_map(|l| l.value().attr("href"))
        .find(|h| h.contains("/static/"))
        .expect("the page's stylesheet")
        .to_string();
    let (styles, rows_logged) = admin.logged(|| admin.get(&css, Some(&editor.cookie)));
    assert_eq!(styles.status, 200);
    assert_eq!(rows_logged, 0, "only pages are logged");
    assert!(
        !styles.body.contains("url(\"/static"),
        "fonts lead to the preview"
    );
    // An address the public site would refuse is refused the same way,
    // never a failure of the admin.
    for odd in ["%20x%3Cb%3E", "ban-le/%C3%A0%2F..%2F..", "ban-le?nam=abc"] {
        let answer = admin.get(
            &format!("/bo-thay-doi/{set}/xem-truoc/trang/{odd}"),
            Some(&editor.cookie),
        );
        assert!(
            [400, 404].contains(&answer.status),
            "{odd}: {}",
            answer.status
        );
    }
    assert_eq!(
        admin
            .get(
                &format!("/bo-thay-doi/{set}/xem-truoc/trang/khong-co"),
                Some(&editor.cookie)
            )
            .status,
        404
    );

    // Nothing of it is public.
    assert!(!public_answers(&public).contains("683.25"));
    assert!(!public_answers(&public).contains("683,25"));
    assert!(!public_files_hold(&public, "683.25"));
}

/// The static copy follows the admin's releases: a scheduled set is in
/// it from its minute, not before; the hook after the switch (an upload
/// to the web host) failing shows "đã ghi, chưa lên mạng" in the admin,
/// and an approver's retry, logged, puts it online.
#[test]
fn the_static_copy_follows_a_scheduled_release_and_a_failed_upload_is_retried() {
    let public = spawn_app();
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("ban-tinh");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("chan"), "").unwrap();
    let copy = congthuong::copies::StaticCopy {
        out: out.clone(),
        static_dir: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static"),
        base_url: "http://127.0.0.1:8080".to_string(),
        nginx_listen: "80".to_string(),
        hook: Some(
            "if [ -e chan ]; then echo 'máy chủ web không trả lời' >&2; exit 1; fi; \
             cat > da-gui.txt"
                .to_string(),
        ),
    };
    let admin = spawn_admin_with(&public, "http://127.0.0.1", Some(copy));
    let page =
        |path: &str| std::fs::read_to_string(out.join("site").join(path)).unwrap_or_default();
    eventually("a first copy when the admin starts", || {
        page("xuat-nhap-khau.html").contains("680")
    });
    let editor = admin.sign_in_new("lan", Role::Editor);
    let approver = admin.sign_in_new("minh", Role::Approver);
    let day = day_from_now(2);
    admin.announce(
        &approver,
        "Số liệu chính thức năm 2023",
        &day,
        "da-xac-nhan",
    );
    let set = admin.approved_export(
        &editor,
        &approver,
        "Xuất khẩu chính thức năm 2023",
        &[
            ("year", "2023"),
            ("value", "684,75"),
            ("status", "preliminary"),
            ("published", "2024-02-01"),
        ],
    );
    let scheduled = admin.schedule(&approver, set, "1", "");
    assert_eq!(scheduled.status, 303, "{}", scheduled.body);

    admin.clock.advance(seconds_until(&day, "08:59"));
    std::thread::sleep(Duration::from_millis(600));
    assert!(
        !page("xuat-nhap-khau.html").contains("684,75"),
        "not before"
    );
    assert!(!page("cap-nhat.xml").contains("Xuất khẩu chính thức năm 2023"));
    admin.clock.advance(60);
    eventually("in the static copy at its minute", || {
        page("xuat-nhap-khau.html").contains("684,75")
    });
    assert!(page("cap-nhat.xml").contains("Xuất khẩu chính thức năm 2023"));
    assert!(page("lich-cong-bo.html").contains("đã công bố"));

    // The upload after the switch failed: shown, retried, logged.
    let current = || {
        std::fs::read_link(out.join("site"))
            .map(|target| target.parent().unwrap().file_name().unwrap().to_owned())
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    eventually("the hook ran after the switch", || {
        std::fs::read(out.join("hook.json"))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
            .is_some_and(|status| status["copy"] == current().as_str())
    });
    let keeper = admin.sign_in_new("hoa", Role::Approver);
    let list = admin.get("/", Some(&keeper.cookie));
    let state = text(&list.html(), "#ban-tinh");
    assert!(state.contains("đã ghi, chưa lên mạng"), "{state}");
    assert!(state.contains("máy chủ web không trả lời"), "{state}");
    let writer = admin.sign_in_new("thu", Role::Editor);
    assert_eq!(
        admin
            .post(
                "/ban-tinh/thu-lai",
                Some(&writer.cookie),
                &[("csrf", &writer.csrf)]
            )
            .status,
        403
    );
    std::fs::remove_file(out.join("chan")).unwrap();
    let (retried, rows_logged) = admin.logged(|| {
        admin.post(
            "/ban-tinh/thu-lai",
            Some(&keeper.cookie),
            &[("csrf", &keeper.csrf)],
        )
    });
    assert_eq!(retried.status, 303, "{}", retried.body);
    assert_eq!(rows_logged, 1);
    let state = text(&admin.get("/", Some(&keeper.cookie)).html(), "#ban-tinh");
    assert!(state.contains("đã chạy xong"), "{state}");
    let sent = std::fs::read_to_string(out.join("da-gui.txt")).unwrap();
    assert!(sent.lines().any(|l| l == "/xuat-nhap-khau"), "{sent}");
}
