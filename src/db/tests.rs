use super::schema::MIGRATIONS;
use super::*;

/// The years with figures, newest first.
fn years(store: &Store) -> Vec<i32> {
    store
        .all_figures()
        .unwrap()
        .iter()
        .rev()
        .map(|y| y.year)
        .collect()
}

fn figures_of(store: &Store, year: i32) -> YearFigures {
    store
        .all_figures()
        .unwrap()
        .into_iter()
        .find(|y| y.year == year)
        .unwrap()
}

fn seeded() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let (store, opened) =
        Store::open_with(&dir.path().join("test.sqlite"), IfMissing::Seed).unwrap();
    assert_eq!(opened, Opened::Created);
    (dir, store)
}

#[test]
fn the_seed_round_trips_with_its_published_digits() {
    let (_dir, store) = seeded();
    assert_eq!(years(&store), vec![2023]);
    let figures = figures_of(&store, 2023);
    let seed = dataset::read_observations(
        include_bytes!("../../data/observations.csv"),
        crate::indicator::Catalogue::committed(),
    )
    .unwrap();
    assert_eq!(figures.all().len(), seed.len());
    for expected in &seed {
        let stored = figures.get(expected.indicator.code).unwrap();
        assert_eq!(stored, expected);
        assert_eq!(stored.value.to_string(), expected.value.to_string());
    }
    assert_eq!(
        figures
            .get("trade.import")
            .unwrap()
            .change_pct
            .unwrap()
            .to_string(),
        "0.7"
    );
}

#[test]
fn activities_of_a_report_are_its_results_and_next_year_s_plans() {
    let (_dir, store) = seeded();
    let activities = store.activities_of_report(2023).unwrap();
    assert!(
        activities
            .iter()
            .any(|a| a.kind == ActivityKind::Result && a.year == 2023)
    );
    assert!(
        activities
            .iter()
            .any(|a| a.kind == ActivityKind::Plan && a.year == 2024)
    );
    assert!(
        store
            .activities_of_report(2024)
            .unwrap()
            .iter()
            .all(|a| a.kind == ActivityKind::Result)
    );
}

#[test]
fn refuses_a_missing_file_and_another_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.sqlite");
    assert!(matches!(Store::open(&missing), Err(DbError::Missing(_))));

    let other = dir.path().join("other.sqlite");
    Connection::open(&other)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    assert!(matches!(
        Store::open(&other),
        Err(DbError::SchemaVersion { .. })
    ));

    let text = dir.path().join("text.sqlite");
    std::fs::write(
        &text,
        "this is not a database, just some text that is long enough",
    )
    .unwrap();
    assert!(matches!(
        Store::open(&text),
        Err(DbError::Unreadable { .. })
    ));
}

#[test]
fn brings_a_first_version_database_up_to_date_keeping_its_figures() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.sqlite");
    {
        let connection = Connection::open(&path).unwrap();
        connection.execute_batch(MIGRATIONS[0]).unwrap();
        connection
            .execute(
                "INSERT INTO observation (indicator, year, value, status, source)
                 VALUES ('trade.export', 2023, '680', 'estimate', 'Báo')",
                [],
            )
            .unwrap();
        connection.pragma_update(None, "user_version", 1).unwrap();
    }
    let (store, opened) = Store::open_with(&path, IfMissing::Fail).unwrap();
    assert_eq!(opened, Opened::Migrated { from: 1 });
    assert_eq!(store.version().unwrap(), SCHEMA_VERSION);
    let figures = figures_of(&store, 2023);
    assert_eq!(
        figures.get("trade.export").unwrap().value.to_string(),
        "680"
    );
    assert_eq!(figures.get("trade.export").unwrap().plan, None);
}

fn application_id(path: &Path) -> i32 {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap()
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .unwrap()
}

#[test]
fn the_sql_leading_order_is_the_publishers_order() {
    for (place, publisher) in Publisher::ALL.iter().enumerate() {
        let clause = if place + 1 < Publisher::ALL.len() {
            format!("WHEN '{}' THEN {place}", publisher.code())
        } else {
            format!("ELSE {place}")
        };
        assert!(LEADING_ORDER.contains(&clause), "{clause}");
    }
}

#[test]
fn a_new_database_is_marked_as_ours() {
    let (dir, _store) = seeded();
    assert_eq!(
        application_id(&dir.path().join("test.sqlite")),
        APPLICATION_ID
    );
    assert_eq!(APPLICATION_ID.to_be_bytes(), *b"CTGL");
}

#[test]
fn an_unmarked_database_of_ours_is_marked_keeping_its_figures() {
    let (dir, store) = seeded();
    let path = dir.path().join("test.sqlite");
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "application_id", 0)
        .unwrap();
    let all = |store: &Store| -> Vec<Observation> {
        store
            .all_figures()
            .unwrap()
            .iter()
            .flat_map(|y| y.all().iter().cloned())
            .collect()
    };
    let before = all(&store);
    let (store, opened) = Store::open_with(&path, IfMissing::Fail).unwrap();
    assert_eq!(
        opened,
        Opened::Migrated {
            from: SCHEMA_VERSION
        }
    );
    assert_eq!(application_id(&path), APPLICATION_ID);
    assert_eq!(all(&store), before);
    assert!(!before.is_empty());
}

#[test]
fn another_program_s_database_is_refused_and_left_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let unmarked = dir.path().join("notes.sqlite");
    Connection::open(&unmarked)
        .unwrap()
        .execute_batch("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO note (text) VALUES ('x');")
        .unwrap();
    let marked = dir.path().join("marked.sqlite");
    let connection = Connection::open(&marked).unwrap();
    connection
        .execute_batch("CREATE TABLE observation (x); PRAGMA application_id = 1234;")
        .unwrap();
    drop(connection);
    // Our own table names, in WAL mode, which ours never use.
    let wal = dir.path().join("wal.sqlite");
    let connection = Connection::open(&wal).unwrap();
    connection
        .execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE observation (x);")
        .unwrap();
    drop(connection);
    for path in [&unmarked, &marked, &wal] {
        let bytes = std::fs::read(path).unwrap();
        for if_missing in [IfMissing::Fail, IfMissing::Seed, IfMissing::Empty] {
            let error = Store::open_with(path, if_missing).unwrap_err();
            assert!(matches!(error, DbError::Foreign(_)), "{error}");
            assert!(error.to_string().starts_with(&path.display().to_string()));
        }
        assert_eq!(std::fs::read(path).unwrap(), bytes, "{}", path.display());
    }
}

#[test]
fn an_empty_file_becomes_an_empty_database_of_ours() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.sqlite");
    std::fs::write(&path, b"").unwrap();
    let (store, _) = Store::open_with(&path, IfMissing::Fail).unwrap();
    assert_eq!(application_id(&path), APPLICATION_ID);
    assert!(store.all_figures().unwrap().is_empty());
}

#[test]
fn a_database_in_a_folder_that_does_not_exist_is_refused_and_no_folder_made() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("khong-co");
    let path = folder.join("x.sqlite");
    for if_missing in [IfMissing::Seed, IfMissing::Empty] {
        let error = Store::open_with(&path, if_missing).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "{}: không có thư mục này; hãy tạo thư mục trước hoặc chọn một đường dẫn khác cho --db",
                folder.display()
            )
        );
    }
    assert!(!folder.exists());
}

/// `tests/fixtures/schema-2.sqlite` was made by the program before
/// figures had territories, periods and publishers: the seed imported,
/// then exports 2023 revised to 690,2 (official), keeping 680.
#[test]
fn a_schema_2_database_keeps_every_figure_and_revision() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/schema-2.sqlite"
        ),
        &path,
    )
    .unwrap();
    let (store, opened) = Store::open_with(&path, IfMissing::Fail).unwrap();
    assert_eq!(opened, Opened::Migrated { from: 2 });
    assert_eq!(store.version().unwrap(), SCHEMA_VERSION);
    let versions = store.all_versions().unwrap();
    assert_eq!(versions.len(), 12);
    for figure in &versions {
        assert_eq!(
            (
                figure.territory,
                figure.period,
                figure.publisher,
                figure.published
            ),
            (
                Territory::GiaLaiCu,
                Period::Year,
                Publisher::SoCongThuong,
                None
            ),
            "{}",
            figure.indicator.code
        );
    }
    let export = figures_of(&store, 2023)
        .get("trade.export")
        .unwrap()
        .clone();
    assert_eq!(export.value.to_string(), "690.2");
    assert_eq!(export.status, Status::Official);
    assert_eq!(
        figures_of(&store, 2023)
            .get("retail.total")
            .unwrap()
            .value
            .to_string(),
        "108000"
    );
    let revisions = store.revisions(2023).unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(
        (
            revisions[0].indicator.as_str(),
            revisions[0].value.to_string(),
            revisions[0].status
        ),
        ("trade.export", "680".to_string(), Status::Estimate)
    );
    assert!(revisions[0].replaced_at.starts_with("20"));
}

#[test]
fn a_later_publication_is_a_new_version_and_the_current_one_by_any_date() {
    let (_dir, store) = seeded();
    let mut figures = crate::dataset::read_figures(
        concat!(
            "indicator,year,value,period,publisher,status,published,url,source\n",
            "trade.export,2024,750,year,so-cong-thuong,estimate,2024-11,https://a.vn/1,Báo\n",
            "trade.export,2024,800,year,so-cong-thuong,estimate,2024-12-27,https://a.vn/2,Sở\n",
            "trade.export,2024,820,year,so-cong-thuong,estimate,2025-01,https://a.vn/3,Sở\n",
            "trade.import,2023,110,year,thong-ke,estimate,2023-12-28,https://a.vn/4,Cục Thống kê\n",
        )
        .as_bytes(),
        crate::indicator::Catalogue::committed(),
    )
    .unwrap();
    let report = store.import(&figures).unwrap();
    assert_eq!((report.added, report.replaced, report.unchanged), (2, 2, 0));
    assert_eq!(
        report.outcomes[2].to_string(),
        "trade.export năm 2024 gia-lai-cu (so-cong-thuong, công bố 01/2025): thêm phiên bản mới (điều chỉnh từ 800)"
    );
    let value_on = |day: &str| {
        store
            .current_figures(Published::parse(day))
            .unwrap()
            .into_iter()
            .find(|o| o.indicator.code == "trade.export" && o.year == 2024)
            .map(|o| o.value.to_string())
    };
    assert_eq!(value_on("2024-10-31"), None);
    assert_eq!(value_on("2024-12-26").as_deref(), Some("750"));
    assert_eq!(value_on("2024-12-31").as_deref(), Some("800"));
    assert_eq!(store.current_figures(None).unwrap().len(), 12 + 2);
    // Pages lead with the department's imports, not the statistics
    // office's; both are kept.
    assert_eq!(
        figures_of(&store, 2023)
            .get("trade.import")
            .unwrap()
            .value
            .to_string(),
        "141"
    );
    assert_eq!(
        figures_of(&store, 2024)
            .get("trade.export")
            .unwrap()
            .value
            .to_string(),
        "820"
    );
    let revisions = store.revisions(2024).unwrap();
    assert_eq!(
        revisions
            .iter()
            .map(|r| r.value.to_string())
            .collect::<Vec<_>>(),
        ["750", "800"]
    );
    // The same file again changes nothing; a changed value of the same
    // publication replaces it.
    assert_eq!(store.import(&figures).unwrap().unchanged, 4);
    figures.observations[1].value = Decimal::from(801);
    let report = store.try_import(&figures).unwrap();
    assert_eq!(report.replaced, 1);
    assert_eq!(
        report.outcomes[1].change,
        Change::Replaced {
            changes: vec!["value: 800 → 801".to_string()]
        }
    );
    // Tried, not written.
    assert_eq!(value_on("2024-12-31").as_deref(), Some("800"));
}

#[test]
fn the_version_pages_show_follows_each_import_through_a_kept_connection() {
    let (_dir, store) = seeded();
    let import = |rows: &str| {
        let csv = format!(
            "indicator,year,value,period,publisher,status,published,source,sub_territory\n{rows}"
        );
        store
            .import(
                &crate::dataset::read_figures(
                    csv.as_bytes(),
                    crate::indicator::Catalogue::committed(),
                )
                .unwrap(),
            )
            .unwrap();
    };
    let shown = || {
        // One reader kept from page to page, as serving does.
        let reader = store.reader().unwrap();
        reader
            .figures_of_period(Period::Cumulative(9))
            .unwrap()
            .into_iter()
            .find(|y| y.year == 2024)
            .and_then(|y| {
                y.get("trade.export")
                    .map(|o| (o.publisher, o.value.to_string()))
            })
    };
    assert_eq!(shown(), None);
    // A sub-territory's report is never the province's figure.
    import("trade.export,2024,90,m9,thong-ke,estimate,2024-10-01,Cục,yes\n");
    assert_eq!(shown(), None);
    // The statistics office's alone is shown, until the department's.
    import("trade.export,2024,500,m9,thong-ke,estimate,2024-10-02,Cục,\n");
    assert_eq!(shown(), Some((Publisher::ThongKe, "500".to_string())));
    import("trade.export,2024,560,m9,so-cong-thuong,estimate,2024-10-05,Sở,\n");
    assert_eq!(shown(), Some((Publisher::SoCongThuong, "560".to_string())));
    // A later statistics office version does not lead; a later
    // department version does, however the rows are ordered.
    import(concat!(
        "trade.export,2024,510,m9,thong-ke,official,2025-03-01,Cục,\n",
        "trade.export,2024,555,m9,so-cong-thuong,estimate,2024-10-04,Sở,\n",
    ));
    assert_eq!(shown(), Some((Publisher::SoCongThuong, "560".to_string())));
    import("trade.export,2024,565,m9,so-cong-thuong,preliminary,2024-12-20,Sở,\n");
    assert_eq!(shown(), Some((Publisher::SoCongThuong, "565".to_string())));
}

#[test]
fn a_database_replaced_at_its_path_is_read_from_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.sqlite");
    let (store, _) = Store::open_with(&path, IfMissing::Seed).unwrap();
    assert_eq!(store.record_size().unwrap(), 12);
    // A restored backup: another file moved over the served one while
    // a connection to the first is kept.
    let backup = dir.path().join("backup.sqlite");
    Store::open_with(&backup, IfMissing::Empty).unwrap();
    std::fs::rename(&backup, &path).unwrap();
    assert_eq!(store.record_size().unwrap(), 0);
}

#[test]
fn an_import_adds_replaces_and_keeps_what_it_replaced() {
    let (_dir, store) = seeded();
    let mut figures = figures_of(&store, 2023).all().to_vec();
    let export = figures
        .iter_mut()
        .find(|o| o.indicator.code == "trade.export")
        .unwrap();
    export.value = Decimal::from_str("690.5").unwrap();
    export.status = Status::Official;
    let mut next = export.clone();
    next.year = 2024;
    figures.push(next);
    let figures = Figures {
        observations: figures,
        ..Figures::default()
    };
    let report = store.import(&figures).unwrap();
    assert_eq!(
        (report.added, report.replaced, report.unchanged),
        (1, 1, figures.len() - 2)
    );
    assert_eq!(
        report.outcomes[0].to_string(),
        "industry.output năm 2023 gia-lai-cu (so-cong-thuong, công bố 12/2023): không đổi"
    );
    let revisions = store.revisions(2023).unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0].value.to_string(), "680");
    assert_eq!(revisions[0].status, Status::Estimate);
    assert_eq!(years(&store), vec![2024, 2023]);
    let again = store.import(&figures).unwrap();
    assert_eq!(again.unchanged, figures.len());
}

#[test]
fn an_import_made_empty_database_has_the_schema_and_no_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (store, opened) =
        Store::open_with(&dir.path().join("new.sqlite"), IfMissing::Empty).unwrap();
    assert_eq!(opened, Opened::Created);
    assert!(years(&store).is_empty());
    assert_eq!(store.version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn serving_connections_cannot_write() {
    let (_dir, store) = seeded();
    let connection = store.connect().unwrap();
    assert!(connection.execute("DELETE FROM figure", []).is_err());
}

#[test]
fn the_record_of_some_years_is_their_current_figures_and_plans() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) =
        Store::open_with(&dir.path().join("test.sqlite"), IfMissing::SeedAndRecord).unwrap();
    let key = |o: &Observation| (o.key(), o.published, o.sub_territory);
    let (figures, plans) = store.record_of_years(2022, 2023).unwrap();
    let mut expected: Vec<_> = store
        .current_figures(None)
        .unwrap()
        .into_iter()
        .filter(|o| (2022..=2023).contains(&o.year))
        .map(|o| key(&o))
        .collect();
    let mut found: Vec<_> = figures.iter().map(key).collect();
    expected.sort_by_key(|k| format!("{k:?}"));
    found.sort_by_key(|k| format!("{k:?}"));
    assert!(found.len() > 20, "{found:?}");
    assert_eq!(found, expected);
    assert!(!plans.is_empty());
    assert!(plans.iter().all(|p| (2022..=2023).contains(&p.year)));
}
