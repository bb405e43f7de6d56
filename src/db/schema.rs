//! The schema, as the steps that build it, and the mark that says a file
//! is ours.

use super::*;

/// The schema, as the steps that build it: step `i` takes a database from
/// version `i` to `i + 1`. A database of an older version is brought up to
/// date when opened; one of a newer version is refused.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: figures and activities.
    "CREATE TABLE observation (
        indicator     TEXT    NOT NULL,
        year          INTEGER NOT NULL,
        value         TEXT    NOT NULL,
        plan_pct      TEXT,
        change_pct    TEXT,
        change_places INTEGER,
        share_pct     TEXT,
        out_of        INTEGER,
        status        TEXT    NOT NULL CHECK (status IN ('estimate', 'preliminary', 'official')),
        source        TEXT    NOT NULL,
        note          TEXT,
        PRIMARY KEY (indicator, year)
    ) STRICT;
    CREATE TABLE activity (
        id     INTEGER PRIMARY KEY,
        year   INTEGER NOT NULL,
        kind   TEXT    NOT NULL CHECK (kind IN ('result', 'plan')),
        topic  TEXT    NOT NULL,
        text   TEXT    NOT NULL,
        source TEXT    NOT NULL
    ) STRICT;
    CREATE INDEX activity_by_year ON activity (year, kind);",
    // 2: the plan's own value, and the figures that imports replaced, so
    // that pages can say a figure was revised and from what.
    "ALTER TABLE observation ADD COLUMN plan TEXT;
    CREATE TABLE observation_revision (
        id          INTEGER PRIMARY KEY,
        indicator   TEXT    NOT NULL,
        year        INTEGER NOT NULL,
        value       TEXT    NOT NULL,
        status      TEXT    NOT NULL,
        source      TEXT    NOT NULL,
        replaced_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    ) STRICT;
    CREATE INDEX observation_revision_by_figure ON observation_revision (year, indicator);",
    // 3: a figure is identified by indicator, territory, year, period and
    // publisher; every version of it is kept with the date it was
    // published ('' where unknown, which sorts first); values an import
    // replaced in place are kept in figure_replaced; plans are figures of
    // their own. Earlier figures were the department's, for the whole year,
    // for the province of their time.
    "CREATE TABLE figure (
        id            INTEGER PRIMARY KEY,
        indicator     TEXT    NOT NULL,
        territory     TEXT    NOT NULL CHECK (territory IN ('gia-lai', 'gia-lai-cu', 'binh-dinh')),
        year          INTEGER NOT NULL,
        period        TEXT    NOT NULL,
        publisher     TEXT    NOT NULL,
        published     TEXT    NOT NULL DEFAULT '',
        value         TEXT    NOT NULL,
        plan          TEXT,
        plan_pct      TEXT,
        change_pct    TEXT,
        change_places INTEGER,
        share_pct     TEXT,
        out_of        INTEGER,
        status        TEXT    NOT NULL CHECK (status IN ('estimate', 'preliminary', 'official')),
        source        TEXT    NOT NULL,
        url           TEXT,
        note          TEXT,
        basis         TEXT,
        sub_territory INTEGER NOT NULL DEFAULT 0,
        UNIQUE (indicator, territory, year, period, publisher, published)
    ) STRICT;
    CREATE INDEX figure_by_period ON figure (year, period, indicator);
    CREATE INDEX figure_shown
        ON figure (period, sub_territory, territory, indicator, year, publisher, published);
    CREATE TABLE figure_replaced (
        id          INTEGER PRIMARY KEY,
        indicator   TEXT    NOT NULL,
        territory   TEXT    NOT NULL,
        year        INTEGER NOT NULL,
        period      TEXT    NOT NULL,
        publisher   TEXT    NOT NULL,
        published   TEXT    NOT NULL,
        value       TEXT    NOT NULL,
        status      TEXT    NOT NULL,
        source      TEXT    NOT NULL,
        replaced_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    ) STRICT;
    CREATE INDEX figure_replaced_by_period ON figure_replaced (year, period, indicator);
    CREATE TABLE plan (
        id         INTEGER PRIMARY KEY,
        indicator  TEXT    NOT NULL,
        territory  TEXT    NOT NULL CHECK (territory IN ('gia-lai', 'gia-lai-cu', 'binh-dinh')),
        year       INTEGER NOT NULL,
        period     TEXT    NOT NULL,
        publisher  TEXT    NOT NULL,
        published  TEXT    NOT NULL DEFAULT '',
        target     TEXT    NOT NULL CHECK (target IN ('amount', 'growth', 'range')),
        value      TEXT,
        low        TEXT,
        high       TEXT,
        source     TEXT    NOT NULL,
        url        TEXT,
        note       TEXT,
        UNIQUE (indicator, territory, year, period, publisher, published)
    ) STRICT;
    CREATE INDEX plan_by_period ON plan (year, period, indicator);
    INSERT INTO figure (indicator, territory, year, period, publisher, value, plan, plan_pct,
                        change_pct, change_places, share_pct, out_of, status, source, note)
        SELECT indicator, CASE WHEN year >= 2025 THEN 'gia-lai' ELSE 'gia-lai-cu' END, year,
               'year', 'so-cong-thuong', value, plan, plan_pct, change_pct, change_places,
               share_pct, out_of, status, source, note
        FROM observation ORDER BY year, indicator;
    INSERT INTO figure_replaced (indicator, territory, year, period, publisher, published,
                                 value, status, source, replaced_at)
        SELECT indicator, CASE WHEN year >= 2025 THEN 'gia-lai' ELSE 'gia-lai-cu' END, year,
               'year', 'so-cong-thuong', '', value, status, source, replaced_at
        FROM observation_revision ORDER BY id;
    DROP TABLE observation_revision;
    DROP TABLE observation;",
    // 4: which version pages show of each figure, decided when figures are
    // written (`mark_shown`) rather than at every page: a page then reads
    // exactly the figures it shows, however many publishers, versions and
    // provinces are stored beside them. A view of the figures as they stood
    // on a past day chooses among one period's versions (by period alone).
    // Each import that changed anything is a release, with what it changed,
    // for the list of what is new and its feed.
    "DROP INDEX figure_shown;
    ALTER TABLE figure ADD COLUMN shown INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX figure_on_pages ON figure (period, territory, year, indicator) WHERE shown = 1;
    CREATE INDEX figure_by_period_alone ON figure (period, year);
    CREATE INDEX figure_periods_on_pages ON figure (year, period)
        WHERE shown = 1 AND territory IN ('gia-lai', 'gia-lai-cu');
    CREATE TABLE release (
        id          INTEGER PRIMARY KEY,
        imported_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        added       INTEGER NOT NULL,
        revised     INTEGER NOT NULL,
        corrected   INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE release_item (
        id         INTEGER PRIMARY KEY,
        release_id INTEGER NOT NULL REFERENCES release (id),
        indicator  TEXT    NOT NULL,
        territory  TEXT    NOT NULL,
        year       INTEGER NOT NULL,
        period     TEXT    NOT NULL,
        publisher  TEXT    NOT NULL,
        published  TEXT    NOT NULL,
        is_plan    INTEGER NOT NULL,
        change     TEXT    NOT NULL CHECK (change IN ('added', 'revised', 'corrected')),
        detail     TEXT    NOT NULL
    ) STRICT;
    CREATE INDEX release_item_by_release ON release_item (release_id);",
    // 5: the catalogue of indicators is data (`data/indicators.csv`), kept
    // with the figures it describes (a database made before has the
    // committed catalogue written in by `migrate`); plans carry their basis;
    // changes published without a level have a table; and the current
    // version of each publisher's figure is marked when figures are
    // written, as the version pages show is, so that a page reads what
    // other publishers printed without reading their every version.
    "CREATE TABLE indicator (
        position   INTEGER PRIMARY KEY,
        code       TEXT    NOT NULL UNIQUE,
        name       TEXT    NOT NULL,
        short_name TEXT    NOT NULL,
        unit       TEXT    NOT NULL,
        kind       TEXT    NOT NULL,
        section    TEXT    NOT NULL,
        part_of    TEXT,
        meaning    TEXT    NOT NULL,
        headline   INTEGER NOT NULL
    ) STRICT;
    ALTER TABLE plan ADD COLUMN basis TEXT;
    CREATE TABLE figure_rate (
        id            INTEGER PRIMARY KEY,
        indicator     TEXT    NOT NULL,
        territory     TEXT    NOT NULL,
        year          INTEGER NOT NULL,
        period        TEXT    NOT NULL,
        publisher     TEXT    NOT NULL,
        published     TEXT    NOT NULL,
        change_pct    TEXT    NOT NULL,
        status        TEXT    NOT NULL CHECK (status IN ('estimate', 'preliminary', 'official')),
        source        TEXT    NOT NULL,
        url           TEXT,
        note          TEXT,
        basis         TEXT,
        sub_territory INTEGER NOT NULL,
        UNIQUE (indicator, territory, year, period, publisher, published)
    ) STRICT;
    CREATE INDEX figure_rate_by_period ON figure_rate (year, period);
    ALTER TABLE figure ADD COLUMN is_current INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX figure_current ON figure (year, period, territory) WHERE is_current = 1;",
    // 6: what a release was — an import from a file, or a change set the
    // staff side published (new figures, a planned revision, a correction
    // with its public note), or a publication of the committed record —,
    // its title and note, shown on `/cap-nhat` and in its feed.
    // A publication of the committed record is a release of its own, dated
    // by when it was published and by whom: making a database is not one.
    "ALTER TABLE release ADD COLUMN kind TEXT NOT NULL DEFAULT 'nhap-tep'
        CHECK (kind IN ('nhap-tep', 'phat-hanh', 'dieu-chinh', 'dinh-chinh', 'cong-bo'));
    ALTER TABLE release ADD COLUMN title TEXT NOT NULL DEFAULT '';
    ALTER TABLE release ADD COLUMN note TEXT NOT NULL DEFAULT '';
    ALTER TABLE release ADD COLUMN published TEXT NOT NULL DEFAULT '';
    ALTER TABLE release ADD COLUMN publisher TEXT NOT NULL DEFAULT '';
    -- The release calendar: what comes out when (UTC), as announced; a
    -- changed date keeps the old one and why, in calendar_change.
    CREATE TABLE calendar_entry (
        id           INTEGER PRIMARY KEY,
        title        TEXT    NOT NULL,
        indicators   TEXT    NOT NULL DEFAULT '',
        scheduled_at TEXT    NOT NULL,
        status       TEXT    NOT NULL
            CHECK (status IN ('du-kien', 'da-xac-nhan', 'da-cong-bo', 'hoan')),
        reason       TEXT    NOT NULL DEFAULT '',
        release_id   INTEGER REFERENCES release (id),
        created_at   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        -- When it last changed: iCalendar's DTSTAMP.
        updated_at   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        sequence     INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX calendar_by_time ON calendar_entry (scheduled_at);
    CREATE TABLE calendar_change (
        id          INTEGER PRIMARY KEY,
        entry_id    INTEGER NOT NULL REFERENCES calendar_entry (id),
        was         TEXT    NOT NULL,
        became      TEXT    NOT NULL,
        reason      TEXT    NOT NULL,
        changed_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    ) STRICT;
    CREATE INDEX calendar_change_by_entry ON calendar_change (entry_id);
    -- A period's corrections, for the pages that show its figures.
    CREATE INDEX release_item_by_period ON release_item (year, period);",
    // 7: the staff side's change set a release published, at most one
    // release each: a set published by two processes at once (the admin's
    // scheduler and `publish-due`), or again after a crash between the two
    // databases' commits, writes nothing twice.
    "ALTER TABLE release ADD COLUMN change_set INTEGER;
    CREATE UNIQUE INDEX release_by_change_set ON release (change_set)
        WHERE change_set IS NOT NULL;",
    // 8: releases read by time — a year's on `/cap-nhat/<year>`, the last
    // twelve months' on the calendar, each told whether a calendar entry
    // announced it.
    "CREATE INDEX release_by_time ON release (imported_at);
    CREATE INDEX calendar_by_release ON calendar_entry (release_id)
        WHERE release_id IS NOT NULL;",
];

/// The schema this program reads and writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Marks a SQLite file as this site's (`PRAGMA application_id`, bytes 68–71
/// of the file's header): "CTGL", Công Thương Gia Lai. A file with another
/// mark, or none and tables that are not ours, belongs to some other
/// program and is never written to.
pub const APPLICATION_ID: i32 = i32::from_be_bytes(*b"CTGL");

/// The tables of every schema version, for recognising a database of ours
/// made before files were marked.
pub(super) const OUR_TABLES: [&str; 12] = [
    "activity",
    "calendar_change",
    "calendar_entry",
    "figure",
    "figure_rate",
    "figure_replaced",
    "indicator",
    "observation",
    "observation_revision",
    "plan",
    "release",
    "release_item",
];

/// Brings the schema from version `from` up to date; a database without a
/// catalogue gets `catalogue`.
pub(super) fn migrate(
    transaction: &Transaction<'_>,
    from: i64,
    catalogue: &Catalogue,
) -> Result<(), DbError> {
    for step in MIGRATIONS.iter().skip(usize::try_from(from).unwrap_or(0)) {
        transaction.execute_batch(step)?;
    }
    if from < 5 {
        write_catalogue(transaction, catalogue)?;
    }
    mark_shown(transaction)?;
    transaction.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    transaction.pragma_update(None, "application_id", APPLICATION_ID)?;
    Ok(())
}

pub(super) fn write_catalogue(
    transaction: &Transaction<'_>,
    catalogue: &Catalogue,
) -> Result<(), DbError> {
    let mut statement = transaction.prepare(
        "INSERT INTO indicator (position, code, name, short_name, unit, kind, section, part_of,
                                meaning, headline)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (position, d) in catalogue.definitions().iter().enumerate() {
        statement.execute(params![
            i64::try_from(position).unwrap_or(i64::MAX),
            d.code,
            d.name,
            d.short_name,
            d.unit,
            d.kind.code(),
            d.area.code(),
            d.part_of,
            d.meaning,
            d.headline,
        ])?;
    }
    Ok(())
}
