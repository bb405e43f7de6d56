use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::mpsc;
use std::time::Duration;

use congthuong::startup::{Application, Seed, Settings};
use scraper::{ElementRef, Html, Selector};

/// The public address the test servers are given, as `--base-url`.
pub const BASE_URL: &str = "https://so-lieu.example.vn";

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
    /// The body as text (lossy for binary bodies; see `bytes`).
    pub body: String,
    pub bytes: Vec<u8>,
    pub headers: Vec<(String, String)>,
}

impl Fetched {
    /// The value of a response header, if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Fetched {
    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }
}

/// GET `url` with request headers, whatever its status.
pub fn fetch(agent: &ureq::Agent, url: &str, headers: &[(&str, &str)]) -> Fetched {
    let mut request = agent.get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = request.call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                v.to_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let bytes = response
        .body_mut()
        .with_config()
        .limit(20 * 1024 * 1024)
        .read_to_vec()
        .unwrap_or_else(|e| panic!("GET {url}: body: {e}"));
    Fetched {
        status,
        content_type,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
        headers,
    }
}

/// Whether an agent follows redirects or shows each to the test.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Redirects {
    Follow,
    Show,
}

/// An HTTP client for the tests: every status is an answer, not an error.
pub fn agent(redirects: Redirects, timeout_seconds: u64) -> ureq::Agent {
    let builder = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(timeout_seconds)));
    match redirects {
        Redirects::Follow => builder.build().into(),
        Redirects::Show => builder.max_redirects(0).build().into(),
    }
}

/// Starts the site on a free port with a database file that does not exist
/// yet, so that the server makes it from the seed as it does on first run.
pub fn spawn_app() -> TestApp {
    spawn_app_with(|_| {})
}

/// Starts the site on a database that `prepare` makes first (for instance
/// by running `congthuong import` on it).
pub fn spawn_app_with(prepare: impl FnOnce(&Path)) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("congthuong.sqlite");
    prepare(&db);
    // The interview's figures alone: pages checked figure by figure need a
    // small fixed set (the public record has tests of its own, which
    // import it).
    spawn_on(dir, db, Seed::Interview, None)
}

/// Starts the site as it runs (the interview and the public record) on a
/// new database made from the `data/` folder `data`.
pub fn spawn_app_from_data(data: &Path) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("congthuong.sqlite");
    spawn_on(dir, db, Seed::Full, Some(data.to_path_buf()))
}

fn spawn_on(dir: tempfile::TempDir, db: PathBuf, seed: Seed, data_dir: Option<PathBuf>) -> TestApp {
    let settings = Settings {
        addr: "127.0.0.1:0".to_string(),
        db: db.clone(),
        static_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("static"),
        base_url: BASE_URL.to_string(),
        seed,
        data_dir,
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
    TestApp {
        address: format!("http://{addr}"),
        db,
        agent: agent(Redirects::Follow, 30),
        _dir: dir,
    }
}

impl TestApp {
    pub fn get(&self, path: &str) -> Fetched {
        self.get_with(path, &[])
    }

    /// GET with request headers (`Accept-Encoding`, `If-None-Match`).
    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Fetched {
        fetch(&self.agent, &format!("{}{path}", self.address), headers)
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

/// The cells of each row of the table matching `css` (its `tbody tr`).
/// The `href` of every element `css` selects, in document order.
pub fn hrefs(html: &Html, css: &str) -> Vec<String> {
    html.select(&selector(css))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect()
}

pub fn table_rows(html: &Html, css: &str) -> Vec<Vec<String>> {
    html.select(&selector(&format!("{css} tbody tr")))
        .map(|row| row.select(&selector("th, td")).map(text_of).collect())
        .collect()
}

/// The pages of the site.
pub const PAGES: [&str; 9] = [
    "/",
    "/cong-nghiep",
    "/ban-le",
    "/xuat-nhap-khau",
    "/thuong-mai-dien-tu",
    "/hoat-dong",
    "/ban-tin",
    "/du-lieu",
    "/gioi-thieu",
];

pub const CHARTS: [&str; 4] = [
    "/bieu-do/co-cau-ban-le.svg",
    "/bieu-do/can-can-thuong-mai.svg",
    "/bieu-do/ban-le-qua-cac-nam.svg",
    "/bieu-do/gia-tri-san-xuat-cong-nghiep.svg",
];

/// A page of `PAGES` in a view: `in_view("/ban-le", "/2023")` is
/// "/ban-le/2023", `in_view("/", "/2023")` is "/2023".
pub fn in_view(page: &str, view: &str) -> String {
    if page == "/" {
        view.to_string()
    } else {
        format!("{page}{view}")
    }
}

/// A chart file of `CHARTS` for a view: `chart_file("/bieu-do/x.svg",
/// "2023")` is "/bieu-do/x-2023.svg".
pub fn chart_file(chart: &str, stem: &str) -> String {
    let (name, extension) = chart
        .rsplit_once('.')
        .expect("a chart file has an extension");
    format!("{name}-{stem}.{extension}")
}

/// Runs the real `congthuong` binary.
pub fn congthuong(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_congthuong"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("congthuong runs")
}

/// Standard output and standard error of a run, as text.
pub fn output_text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Writes `content` to a file in `dir` and returns its path as text.
pub fn write_file(dir: &Path, name: &str, content: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).expect("the test file is written");
    path.to_string_lossy().into_owned()
}

/// Imports `csv` into the database at `db`, which must succeed.
pub fn import(db: &Path, csv: &str) -> String {
    let dir = db.parent().expect("the database has a folder");
    let file = write_file(dir, "import.csv", csv.as_bytes());
    let output = congthuong(&["import", "--db", &db.to_string_lossy(), &file]);
    let (stdout, stderr) = output_text(&output);
    assert!(output.status.success(), "import failed: {stderr}");
    stdout
}

/// The committed seed.
pub const SEED: &str = include_str!("../../data/observations.csv");

pub const HEADER: &str = "indicator,year,value,unit,plan,plan_pct,change_pct,change_places,share_pct,out_of,status,source,note\n";

/// A full second year, 2024, with a fall and a shortfall against plan among
/// its figures; every figure consistent with 2023's.
pub fn year_2024() -> String {
    let source = "\"Báo cáo Sở Công Thương, 12/2024\"";
    let rows = [
        "industry.output,2024,33518.2,tỷ đồng,,101.5,6.00,,,,",
        "industry.iip,2024,104.20,%,,,4.20,,,,",
        "retail.total,2024,120000,tỷ đồng,,98.2,11.11,,,,",
        "retail.commerce,2024,100000,tỷ đồng,,,,,83.33,,",
        "retail.accommodation,2024,150,tỷ đồng,,,,,0.13,,",
        "retail.food_service,2024,10000,tỷ đồng,,,,,8.33,,",
        "retail.travel,2024,80,tỷ đồng,,,,,0.07,,",
        "retail.other_services,2024,9770,tỷ đồng,,,,,8.14,,",
        "trade.export,2024,750,triệu USD,,110.3,10.29,,,,",
        "trade.import,2024,130,triệu USD,,93.6,-7.80,,,,",
        "ecommerce.rank_national,2024,35,hạng,,,,3,,63,",
        "ecommerce.rank_region,2024,2,hạng,,,,,,5,",
    ];
    let mut csv = HEADER.to_string();
    for row in rows {
        csv.push_str(&format!("{row}estimate,{source},\n"));
    }
    csv
}

/// Today's date in Vietnam (UTC+7), dd/mm/yyyy, as GNU `date` gives it:
/// worked out apart from the site's own date code.
pub fn today_in_vietnam() -> String {
    let output = std::process::Command::new("date")
        .args(["-u", "-d", "+7 hours", "+%d/%m/%Y"])
        .output()
        .expect("the date command runs");
    String::from_utf8(output.stdout)
        .expect("a date is text")
        .trim()
        .to_string()
}

/// Figures as the public record has them: two publishers disagreeing on
/// 2023's imports, and exports 2024 printed three times.
pub const PUBLIC_RECORD_SAMPLE: &str = "\
indicator,year,value,period,territory,publisher,change_pct,status,published,url,source
trade.import,2023,110,year,gia-lai-cu,thong-ke,-21.43,estimate,2023-12-28,http://gialaitv.vn/tin-tuc/tin-dia-phuong/hop-bao-cong-bo-so-lieu-thong-ke-kinh-te-xa-hoi-tinh-gia-lai-nam-2023/,Cục Thống kê tỉnh Gia Lai
trade.export,2024,750,year,gia-lai-cu,so-cong-thuong,,estimate,2024-11,https://baogialai.com.vn/xuat-khau-2024,Báo Gia Lai
trade.export,2024,800,year,gia-lai-cu,so-cong-thuong,17.65,estimate,2024-12-27,https://nld.com.vn/so-cong-thuong-gia-lai-but-pha-ngoan-muc-19624122718191394.htm,Sở Công Thương
trade.export,2024,820,year,gia-lai-cu,so-cong-thuong,20.58,estimate,2025-01,https://gialaitv.vn/xuat-khau-2024-820,Sở Công Thương
trade.export,2025,310,m6,gia-lai-cu,so-cong-thuong,,estimate,2025-07,https://baogialai.com.vn/xuat-khau-6-thang-2025,Sở Công Thương
";

/// The committed catalogue's codes, in its order, named here so that a
/// catalogue that lost one (or a page that left one out) fails.
pub const CATALOGUE_CODES: [&str; 24] = [
    "industry.output",
    "industry.iip",
    "industry.value_added",
    "industry.iip_mom",
    "retail.total",
    "retail.commerce",
    "retail.accommodation_food",
    "retail.accommodation",
    "retail.food_service",
    "retail.travel",
    "retail.other_services",
    "cpi",
    "trade.export",
    "trade.import",
    "trade.balance",
    "trade.total",
    "trade.export.coffee",
    "trade.export.coffee_volume",
    "trade.export.wood",
    "trade.export.rubber",
    "trade.export.other",
    "ecommerce.rank_national",
    "ecommerce.rank_region",
    "ecommerce.score",
];
