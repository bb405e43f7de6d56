//! What a release costs on the whole public record (2020 to February
//! 2026), from the staff side's first look to the static copy:
//!
//! - the preview of a one-period change set (two figures of 2 tháng năm
//!   2026): the draft record made and the public site rendered over it and
//!   compared file by file — cold (the public rendering made too, as after
//!   a restart) and warm (the public rendering kept, as the admin keeps it
//!   made ahead); goal ≤ 3 s;
//! - a new static copy after a one-figure correction: the site rendered,
//!   compared with the copy before, only the changed files written and
//!   compressed, the copy switched to; goal ≤ 5 s, with the number of
//!   files written again.
//!
//! Each is run three times; the median and the range are printed.
//! `cargo bench --bench release`

use std::path::Path;
use std::time::{Duration, Instant};

use congthuong::admin::preview::Previews;
use congthuong::copies::StaticCopy;
use congthuong::db::{IfMissing, Store};
use congthuong::drafts::{ChangeKind, Clock, DraftStore, Role};

const RUNS: usize = 3;

const HEADER: &str = "indicator,year,value,period,territory,publisher,kind,unit,plan,plan_pct,change_pct,change_low,change_high,change_places,share_pct,out_of,status,basis,sub_territory,published,url,source,note";

fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64()).replace('.', ",")
}

fn report(what: &str, mut times: Vec<Duration>, extra: &str) {
    times.sort();
    println!(
        "{what}: trung vị {} (từ {} đến {}){extra}",
        seconds(times[times.len() / 2]),
        seconds(times[0]),
        seconds(times[times.len() - 1])
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let static_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static");
    congthuong::web::assets::load(&static_dir).expect("the static files");
    let db = dir.path().join("congthuong.sqlite");
    let (store, _) = Store::open_with(&db, IfMissing::SeedAndRecord).expect("the record");
    println!("Hồ sơ: {} số liệu", store.record_size().unwrap());

    // The preview of a one-period change set.
    let drafts_path = dir.path().join("quan-tri.sqlite");
    let drafts = DraftStore::open(&drafts_path, Clock::system()).expect("the drafts");
    let editor = drafts.add_account("lan", Role::Editor).unwrap().account;
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    let mut files = 0;
    for run in 0..RUNS {
        let set = drafts
            .create_change_set(&editor, "Số liệu 2 tháng năm 2026", ChangeKind::Release, "")
            .unwrap();
        let rows = format!(
            "{HEADER}\n\
             trade.export,2026,{}.5,m2,gia-lai,so-cong-thuong,figure,triệu USD,,,,,,,,,estimate,,,2026-03-03,https://example.vn/2-thang,Sở Công Thương,\n\
             retail.total,2026,351{run}0,m2,gia-lai,so-cong-thuong,figure,tỷ đồng,,,,,,,,,estimate,,,2026-03-03,https://example.vn/2-thang,Sở Công Thương,\n",
            745 + run
        );
        let set = drafts
            .save_change_set(&editor, set.id, set.version, &set.title, "", &rows, "")
            .unwrap();
        // Cold: a new process's first preview.
        let previews = Previews::new(
            &drafts_path,
            static_dir.clone(),
            "https://so-lieu.example.vn",
        );
        let started = Instant::now();
        let site = previews.draft(&store, &set).expect("a preview");
        cold.push(started.elapsed());
        // Warm: the public rendering kept, another content of the set.
        let set = drafts
            .save_change_set(
                &editor,
                set.id,
                set.version,
                &set.title,
                "",
                &rows.replace("estimate,,,2026-03-03", "preliminary,,,2026-03-04"),
                "",
            )
            .unwrap();
        let started = Instant::now();
        let again = previews.draft(&store, &set).expect("a preview");
        warm.push(started.elapsed());
        files = site.changes.len().max(again.changes.len());
    }
    report(
        "Xem trước, lần đầu (dựng cả trang công khai)",
        cold,
        &format!("; {files} tệp khác đi"),
    );
    report("Xem trước, trang công khai đã dựng sẵn", warm, "");

    // A new static copy after a one-figure correction.
    let copy = StaticCopy {
        out: dir.path().join("ban-tinh"),
        static_dir: static_dir.clone(),
        base_url: "https://so-lieu.example.vn".to_string(),
        nginx_listen: "80".to_string(),
        hook: None,
    };
    let started = Instant::now();
    let (first, _) = copy.update(store.clone()).expect("the first copy");
    println!(
        "Bản tĩnh đầu tiên: {} tệp, {}",
        first.files,
        seconds(started.elapsed())
    );
    let mut times = Vec::new();
    let mut rewritten = Vec::new();
    for run in 0..RUNS {
        let correction = format!(
            "{HEADER}\ntrade.export,2025,320{run}.5,m11,gia-lai,so-cong-thuong,figure,triệu USD,,,,,,,,,estimate,,,2025-12-1{run},https://example.vn/dinh-chinh,Sở Công Thương,\n"
        );
        let figures =
            congthuong::dataset::read_figures(correction.as_bytes(), store.catalogue()).unwrap();
        store.import(&figures).unwrap();
        let started = Instant::now();
        let (summary, _) = copy.update(store.clone()).expect("a copy");
        times.push(started.elapsed());
        rewritten.push(summary.rewritten);
    }
    report(
        "Bản tĩnh sau một lần đính chính một số liệu",
        times,
        &format!("; tệp ghi lại: {rewritten:?} trên {}", first.files),
    );
}
