//! Database faults: each is one line naming the file, exit 1, the file left
//! as it was; an import killed half-way leaves the previous figures.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{congthuong, output_text, write_file};

/// `serve` on a free port with the database `db`.
fn serve(db: &str) -> Vec<String> {
    [
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--static-dir",
        concat!(env!("CARGO_MANIFEST_DIR"), "/static"),
        "--db",
        db,
    ]
    .map(str::to_string)
    .to_vec()
}

/// Runs `serve` against a faulty database: one line on standard error
/// that names the file and says what is wrong, exit 1, no panic.
fn assert_fault<S: AsRef<str>>(args: &[S], file: &str, problem: &str) {
    let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    let args = args.as_slice();
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

    let text = write_file(dir.path(), "notes.sqlite", b"hello, not a database\n");
    assert_fault(&serve(&text), &text, "tệp không phải cơ sở dữ liệu SQLite");

    let folder = dir.path().join("folder.sqlite");
    std::fs::create_dir(&folder).unwrap();
    let folder = folder.to_string_lossy().into_owned();
    assert_fault(&serve(&folder), &folder, "là một thư mục");

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
    assert_fault(&serve(&cut), &cut, "bị hỏng");

    // A newer schema than this program knows.
    let newer = dir.path().join("newer.sqlite");
    std::fs::copy(&whole, &newer).unwrap();
    {
        let connection = rusqlite::Connection::open(&newer).unwrap();
        connection.pragma_update(None, "user_version", 99).unwrap();
    }
    let newer = newer.to_string_lossy().into_owned();
    assert_fault(&serve(&newer), &newer, "lược đồ phiên bản 99");

    // Commands that read a database do not make one.
    let missing = dir
        .path()
        .join("missing.sqlite")
        .to_string_lossy()
        .into_owned();
    assert_fault(
        &["check", "--db", &missing].map(str::to_string),
        &missing,
        "không có tệp cơ sở dữ liệu",
    );
    assert_fault(
        &["export", "--db", &missing].map(str::to_string),
        &missing,
        "không có tệp cơ sở dữ liệu",
    );
    assert!(!std::path::Path::new(&missing).exists());

    // Without its static folder the site would serve pages without CSS.
    let nowhere = dir.path().join("no-static").to_string_lossy().into_owned();
    assert_fault(
        &[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--static-dir",
            &nowhere,
            "--db",
            &whole.to_string_lossy(),
        ]
        .map(str::to_string),
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

/// `serve --db FILE` where FILE is some other program's SQLite database.
#[test]
fn another_program_s_database_is_refused_by_every_command_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.sqlite");
    {
        let connection = rusqlite::Connection::open(&other).unwrap();
        connection
            .execute_batch(
                "CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT);
                 INSERT INTO contact (name) VALUES ('Nguyễn Văn A');",
            )
            .unwrap();
    }
    let before = std::fs::read(&other).unwrap();
    let other_text = other.to_string_lossy().into_owned();
    let seed = write_file(dir.path(), "seed.csv", crate::helpers::SEED.as_bytes());
    for args in [
        serve(&other_text),
        ["import", "--db", &other_text, &seed]
            .map(str::to_string)
            .to_vec(),
        ["check", "--db", &other_text].map(str::to_string).to_vec(),
        ["export", "--db", &other_text].map(str::to_string).to_vec(),
    ] {
        assert_fault(&args, &other_text, "tệp SQLite của một chương trình khác");
        assert_eq!(std::fs::read(&other).unwrap(), before, "{args:?}");
    }
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        beside
            .iter()
            .all(|name| name == "other.sqlite" || name == "seed.csv"),
        "{beside:?}"
    );
}

#[test]
fn a_database_in_a_folder_that_does_not_exist_is_an_error_naming_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("khong-co").join("con");
    let db = folder.join("site.sqlite").to_string_lossy().into_owned();
    let folder_text = folder.to_string_lossy().into_owned();
    let seed = write_file(dir.path(), "seed.csv", crate::helpers::SEED.as_bytes());
    for args in [
        serve(&db),
        ["import", "--db", &db, &seed].map(str::to_string).to_vec(),
    ] {
        assert_fault(&args, &folder_text, "không có thư mục này");
    }
    assert!(!dir.path().join("khong-co").exists());
}
