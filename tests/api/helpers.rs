use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use congthuong::startup::{Application, Settings};
use scraper::{ElementRef, Html, Selector};

/// A running server with its own database, removed when the test ends.
pub struct TestApp {
    pub address: String,
    pub db: PathBuf,
    agent: ureq::Agent,
    _dir: tempfile::TempDir,
}

pub struct Fetched {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

impl Fetched {
    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }
}

/// Starts the site on a free port with a database file that does not exist
/// yet, so that the server makes it from the seed as it does on first run.
pub fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("congthuong.sqlite");
    let settings = Settings {
        addr: "127.0.0.1:0".to_string(),
        db: db.clone(),
        static_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("static"),
    };
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let application = Application::build(&settings).expect("the server builds");
            sender
                .send(application.local_addr())
                .expect("the test waits");
            application.run_until_stopped().await
        })
    });
    let addr = receiver
        .recv_timeout(Duration::from_secs(30))
        .expect("the server starts");
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    TestApp {
        address: format!("http://{addr}"),
        db,
        agent,
        _dir: dir,
    }
}

impl TestApp {
    pub fn get(&self, path: &str) -> Fetched {
        let mut response = self
            .agent
            .get(&format!("{}{path}", self.address))
            .call()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let body = response
            .body_mut()
            .with_config()
            .limit(10 * 1024 * 1024)
            .read_to_string()
            .unwrap_or_else(|e| panic!("GET {path}: body: {e}"));
        Fetched {
            status,
            content_type,
            body,
        }
    }

    /// Fetches a page that must answer 200 with HTML.
    pub fn page(&self, path: &str) -> Html {
        let fetched = self.get(path);
        assert_eq!(fetched.status, 200, "GET {path}");
        assert!(
            fetched.content_type.starts_with("text/html"),
            "GET {path}: {}",
            fetched.content_type
        );
        fetched.html()
    }
}

pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"))
}

/// The text of an element with its white space folded.
pub fn text_of(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The folded texts of every element matching `css`.
pub fn texts(html: &Html, css: &str) -> Vec<String> {
    html.select(&selector(css)).map(text_of).collect()
}

/// The folded text of the one element matching `css`.
pub fn text(html: &Html, css: &str) -> String {
    let found = texts(html, css);
    assert_eq!(found.len(), 1, "expected one {css}, found {found:?}");
    found.into_iter().next().unwrap_or_default()
}

/// The pages of the site.
pub const PAGES: [&str; 7] = [
    "/",
    "/cong-nghiep",
    "/ban-le",
    "/xuat-nhap-khau",
    "/thuong-mai-dien-tu",
    "/hoat-dong",
    "/gioi-thieu",
];

pub const CHARTS: [&str; 4] = [
    "/bieu-do/co-cau-ban-le.svg",
    "/bieu-do/can-can-thuong-mai.svg",
    "/bieu-do/ban-le-qua-cac-nam.svg",
    "/bieu-do/gia-tri-san-xuat-cong-nghiep.svg",
];
