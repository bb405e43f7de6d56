//! What the size of the record costs: a generated record at about 1×, 10×
//! and 100× the real one, and one larger than the goals are set for (the 161 published figures of the catalogued
//! indicators, 2020–2025) — ten years of figures at each size —, imported
//! whole, then `/` and a ten-year chart made afresh (the response cache
//! off).
//!
//! A page's cost should grow with what it shows, not with what is stored.
//! So the two years `/` shows and compares (2025, and 2024 before it) are
//! the same at every size, with what the real record has there — two
//! publishers, both old provinces before the merger, a revised figure —,
//! and what grows is everything around them: the eight years before gain
//! periods, publishers, provinces and versions. (Grown in the shown years
//! too, the page itself grows — at the goals' record it says what five
//! publishers printed and draws every month — and its time with it: that
//! is the cost of what is shown, measured by the `/` of the 10× record
//! against the 1×'s in earlier runs.)
//!
//! Goals (README): import of the 100× file ≤ 2 s; uncached `/` ≤ 5 ms and
//! within 1,2× of the 1× time at every size; the ten-year chart ≤ 10 ms;
//! peak resident memory ≤ 40 MB (printed last).
//!
//! `cargo bench --bench scale`

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use actix_web::test::{self, TestRequest};
use actix_web::web::Data;
use criterion::{Criterion, criterion_group, criterion_main};

use congthuong::dataset;
use congthuong::db::{IfMissing, Store};
use congthuong::indicator::{Catalogue, Kind};
use congthuong::period::Period;
use congthuong::publisher::Publisher;
use congthuong::startup::{AppState, app};
use congthuong::territory::Territory;
use congthuong::web::{Site, StaticDir, assets};

/// How a record of one size is made up.
struct Shape {
    label: &'static str,
    years: std::ops::RangeInclusive<i32>,
    periods: Vec<Period>,
    publishers: Vec<Publisher>,
    /// Every old province, or Gia Lai alone.
    both_old_provinces: bool,
    /// A second, later version of each year's and 9 months' figure.
    revisions: bool,
}

fn shapes() -> Vec<Shape> {
    vec![
        // The same ten years at every size; the years before the shown
        // ones grow.
        Shape {
            label: "1x",
            years: 2016..=2025,
            periods: vec![Period::Year],
            publishers: vec![Publisher::SoCongThuong],
            both_old_provinces: false,
            revisions: false,
        },
        Shape {
            label: "10x",
            years: 2016..=2025,
            periods: vec![
                Period::Cumulative(3),
                Period::Cumulative(6),
                Period::Cumulative(9),
                Period::Year,
                Period::Month(1),
                Period::Month(2),
            ],
            publishers: vec![Publisher::SoCongThuong, Publisher::ThongKe],
            both_old_provinces: false,
            revisions: false,
        },
        Shape {
            label: "100x",
            years: 2016..=2025,
            periods: Period::all().collect(),
            publishers: vec![Publisher::SoCongThuong, Publisher::ThongKe, Publisher::Ubnd],
            both_old_provinces: true,
            revisions: true,
        },
        // The goals' record: every period, province and publisher, with
        // revisions — more figures than the ≈ 29.000 the goals are set for
        // (10 years × 24 periods × 3 provinces × 2 publishers × 20
        // indicators), from the catalogue's 24 indicators.
        Shape {
            label: "goal",
            years: 2016..=2025,
            periods: Period::all().collect(),
            publishers: Publisher::ALL.to_vec(),
            both_old_provinces: true,
            revisions: true,
        },
    ]
}

/// The years `/` shows (the newest) and compares with (the year before).
const SHOWN_YEARS: std::ops::RangeInclusive<i32> = 2024..=2025;

/// What the shown years hold at every size: the real record's mix.
fn shown_years_shape() -> Shape {
    Shape {
        label: "shown",
        years: SHOWN_YEARS,
        periods: vec![Period::Year],
        publishers: vec![Publisher::SoCongThuong, Publisher::ThongKe],
        both_old_provinces: true,
        revisions: true,
    }
}

/// The record as a figures file, deterministic.
fn record(grown: &Shape) -> (String, usize) {
    let shown = shown_years_shape();
    let mut csv = String::from(
        "indicator,year,value,period,territory,publisher,out_of,status,published,source\n",
    );
    let mut rows = 0;
    for year in grown.years.clone() {
        let shape = if SHOWN_YEARS.contains(&year) {
            &shown
        } else {
            grown
        };
        for &period in &shape.periods {
            let territories: &[Territory] = if Territory::GiaLai.covers(year, period) {
                &[Territory::GiaLai]
            } else if shape.both_old_provinces {
                &[Territory::GiaLaiCu, Territory::BinhDinh]
            } else {
                &[Territory::GiaLaiCu]
            };
            for &territory in territories {
                for (p, &publisher) in shape.publishers.iter().enumerate() {
                    for (i, indicator) in Catalogue::committed().all().iter().enumerate() {
                        let months = i64::from(period.end_month() - period.start_month() + 1);
                        let base = 1000 + 37 * i as i64 + 11 * i64::from(year - 2000) + p as i64;
                        let (value, out_of) = match indicator.kind {
                            Kind::Rank => (format!("{}", 1 + (i + p) % 40), "63"),
                            Kind::IndexOnPreviousYear
                            | Kind::IndexOnPreviousMonth
                            | Kind::Score => (format!("10{}.{}", i % 9, p), ""),
                            Kind::Amount | Kind::Quantity => {
                                (format!("{}.{}", base * months, i % 10), "")
                            }
                        };
                        let versions = if shape.revisions
                            && indicator.kind != Kind::Rank
                            && matches!(period, Period::Year | Period::Cumulative(9))
                        {
                            2
                        } else {
                            1
                        };
                        for version in 0..versions {
                            let (published_year, month) = match period {
                                Period::Year => (year + 1, 1 + version),
                                other => (year, (other.end_month() % 12) + 1),
                            };
                            let day = 10 + version * 5;
                            let value = if version == 0 {
                                value.clone()
                            } else {
                                format!("{value}1")
                            };
                            writeln!(
                                csv,
                                "{},{year},{value},{},{},{},{out_of},estimate,{published_year:04}-{month:02}-{day:02},Báo cáo",
                                indicator.code,
                                period.code(),
                                territory.code(),
                                publisher.code(),
                            )
                            .expect("writing to a String");
                            rows += 1;
                        }
                    }
                }
            }
        }
    }
    (csv, rows)
}

fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

fn scale(c: &mut Criterion) {
    let static_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("static");
    assets::load(&static_dir).expect("the static files");
    let runtime = actix_web::rt::System::new();
    let mut checked = Vec::new();
    // The databases' folders, kept until `check` has read them.
    let mut kept = Vec::new();
    for shape in shapes() {
        let (csv, rows) = record(&shape);
        let figures = dataset::read_figures(
            csv.as_bytes(),
            congthuong::indicator::Catalogue::committed(),
        )
        .expect("the generated record is valid");
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut group = c.benchmark_group(format!("scale {} ({rows} figures)", shape.label));
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(5));
        group.bench_function("import the whole file", |b| {
            let mut n = 0;
            b.iter(|| {
                n += 1;
                let (store, _) = Store::open_with(
                    &dir.path().join(format!("import-{n}.sqlite")),
                    IfMissing::Empty,
                )
                .expect("a new database");
                store.import(&figures).expect("the import")
            })
        });
        let (store, _) = Store::open_with(&dir.path().join("site.sqlite"), IfMissing::Empty)
            .expect("a new database");
        store.import(&figures).expect("the import");
        checked.push((shape.label, rows, store.clone()));
        let state = AppState {
            store: Data::new(store),
            site: Data::new(Site::new("https://so-lieu.example.vn")),
            cache: None,
            // Each `/` read from the database: what a page costs it.
            memo: false,
            static_dir: StaticDir(static_dir.clone()),
        };
        let service = runtime.block_on(test::init_service(app(state)));
        for (name, route) in [
            ("uncached /", "/"),
            (
                "uncached ten-year chart",
                "/bieu-do/gia-tri-san-xuat-cong-nghiep-2025.svg",
            ),
        ] {
            group.bench_function(name, |b| {
                b.iter(|| {
                    runtime.block_on(async {
                        let response = test::call_service(
                            &service,
                            TestRequest::get().uri(route).to_request(),
                        )
                        .await;
                        assert!(
                            response.status().is_success(),
                            "{route}: {}",
                            response.status()
                        );
                        test::read_body(response).await
                    })
                })
            });
        }
        group.finish();
        kept.push(dir);
    }
    if let Some(mb) = peak_memory_mb() {
        println!("peak resident memory of the benchmark process: {mb} MB");
    }
    // What `congthuong check` does — the years pages show, then every
    // current figure against its period's others and its plans — last,
    // since it holds the whole record at once: the memory above is a
    // serving process's.
    for (label, rows, store) in checked {
        let mut group = c.benchmark_group(format!("check {label} ({rows} figures)"));
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(5));
        group.bench_function("check", |b| {
            b.iter(|| {
                let mut findings = congthuong::check::check(
                    &store.all_figures().expect("the figures"),
                    store.catalogue(),
                );
                findings.extend(congthuong::check::check_record(
                    &store.current_figures(None).expect("the figures"),
                    &store.all_plans().expect("the plans"),
                ));
                findings
            })
        });
        group.finish();
    }
}

criterion_group!(benches, scale);
criterion_main!(benches);
