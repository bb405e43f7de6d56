//! Writing a file's figures, plans and changes published alone in one
//! transaction, reporting row by row what it did.

use super::*;

/// How an import changed the database (or, tried without writing, would).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    /// The release it was kept as, when it changed anything.
    pub release_id: Option<i64>,
    /// It was a change set's, published before: nothing written again.
    pub already_published: bool,
    /// What happened to each row, in the file's order.
    pub outcomes: Vec<Outcome>,
}

/// What an import does with one row of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub key: FigureKey,
    /// As the row says (an undated row is dated the day of the import).
    pub published: Option<Published>,
    pub plan: bool,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A figure or version not stored before. `revises`: the value of the
    /// version it follows, when it is a later publication of a stored
    /// figure.
    Added {
        revises: Option<String>,
    },
    /// The same publication stored with other values: replaced, the old
    /// values kept. `changes`: "column: old → new", for every column that
    /// differs.
    Replaced {
        changes: Vec<String>,
    },
    Unchanged,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.plan { "kế hoạch " } else { "" };
        let when = self.published.map_or(
            "không ghi ngày, tính là ngày nhập".to_string(),
            |p| format!("công bố {}", p.label()),
        );
        write!(
            f,
            "{what}{} {} {} ({}, {when}): ",
            self.key.indicator,
            self.key.period.of_year(self.key.year),
            self.key.territory.code(),
            self.key.publisher.code(),
        )?;
        match &self.change {
            Change::Added { revises: None } => write!(f, "thêm"),
            Change::Added {
                revises: Some(from),
            } => {
                write!(f, "thêm phiên bản mới (điều chỉnh từ {from})")
            }
            Change::Replaced { changes } => write!(f, "thay thế ({})", changes.join("; ")),
            Change::Unchanged => write!(f, "không đổi"),
        }
    }
}

pub(super) fn import_into(
    transaction: &Transaction<'_>,
    catalogue: &'static Catalogue,
    figures: &Figures,
    about: &ReleaseNote,
) -> Result<ImportReport, DbError> {
    let mut report = ImportReport::default();
    // A row that does not say when it was published is taken as published
    // on the day it is imported: staff load figures as they come out.
    let today = Published::parse(&crate::format::today_iso());
    for row in &figures.observations {
        let key = row.key();
        let stored = query_observations(transaction, catalogue, BY_KEY, key_params(&key))?;
        let mut observation = row.clone();
        if row.published.is_none() {
            observation.published = today;
            // Undated, and as stored: nothing new was published.
            let as_latest = |latest: &Observation| Observation {
                published: latest.published,
                ..observation.clone()
            };
            if let Some(latest) = stored.last()
                && as_latest(latest) == *latest
            {
                report.count(Outcome {
                    key,
                    published: row.published,
                    plan: false,
                    change: Change::Unchanged,
                });
                continue;
            }
        }
        let observation = &observation;
        let same_publication = stored.iter().find(|s| s.published == observation.published);
        let change = match same_publication {
            Some(existing) if existing == observation => Change::Unchanged,
            Some(existing) => {
                transaction.execute(
                    "INSERT INTO figure_replaced (indicator, territory, year, period, publisher,
                                                  published, value, status, source)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        key.indicator,
                        key.territory.code(),
                        key.year,
                        key.period.code(),
                        key.publisher.code(),
                        published_text(existing.published),
                        existing.value.to_string(),
                        existing.status.code(),
                        existing.source,
                    ],
                )?;
                write_observation(transaction, observation)?;
                Change::Replaced {
                    changes: changed_columns(existing, observation),
                }
            }
            None => {
                let before = stored
                    .iter()
                    .rfind(|s| s.published < observation.published)
                    .map(|s| s.value.to_string());
                write_observation(transaction, observation)?;
                Change::Added { revises: before }
            }
        };
        report.count(Outcome {
            key,
            published: row.published,
            plan: false,
            change,
        });
    }
    for plan in &figures.plans {
        let key = plan.key();
        let stored = query_plans(transaction, catalogue, BY_KEY, key_params(&key))?;
        let change = match stored.iter().find(|s| s.published == plan.published) {
            Some(existing) if existing == plan => Change::Unchanged,
            Some(existing) => {
                write_plan(transaction, plan)?;
                Change::Replaced {
                    changes: vec![format!(
                        "mục tiêu: {} → {}",
                        target_text(&existing.target),
                        target_text(&plan.target)
                    )],
                }
            }
            None => {
                write_plan(transaction, plan)?;
                Change::Added { revises: None }
            }
        };
        report.count(Outcome {
            key,
            published: plan.published,
            plan: true,
            change,
        });
    }
    for rate in &figures.rates {
        let key = rate.key();
        let stored = query_rates(transaction, catalogue, BY_KEY, key_params(&key))?;
        let change = match stored.iter().find(|s| s.published == rate.published) {
            Some(existing) if existing == rate => Change::Unchanged,
            Some(existing) => {
                write_rate(transaction, rate)?;
                Change::Replaced {
                    changes: vec![format!(
                        "change_pct: {} → {}",
                        existing.change_pct, rate.change_pct
                    )],
                }
            }
            None => {
                write_rate(transaction, rate)?;
                Change::Added { revises: None }
            }
        };
        report.count(Outcome {
            key,
            published: rate.published,
            plan: false,
            change,
        });
    }
    mark_shown(transaction)?;
    report.release_id = record_release(transaction, &report, about)?;
    Ok(report)
}

/// The committed record written as the publications it was: one release
/// per publisher and day (or month, or year, as the record dates it),
/// oldest first, dated by that day. Making a database is then no release
/// of its own, and `/cap-nhat` tells when each figure came out. Within a
/// publication, rows keep the order of `files` (a later file's row replaces
/// an earlier one's of the same publication, as importing them in turn
/// would).
pub(super) fn import_publications(
    transaction: &Transaction<'_>,
    catalogue: &'static Catalogue,
    files: Vec<Figures>,
) -> Result<(), DbError> {
    let mut publications: std::collections::BTreeMap<(Option<Published>, Publisher), Figures> =
        std::collections::BTreeMap::new();
    for file in files {
        for row in file.observations {
            let group = publications
                .entry((row.published, row.publisher))
                .or_default();
            group.observations.push(row);
        }
        for row in file.plans {
            let group = publications
                .entry((row.published, row.publisher))
                .or_default();
            group.plans.push(row);
        }
        for row in file.rates {
            let group = publications
                .entry((row.published, row.publisher))
                .or_default();
            group.rates.push(row);
        }
    }
    for ((published, publisher), figures) in publications {
        import_into(
            transaction,
            catalogue,
            &figures,
            &ReleaseNote::publication(published, publisher),
        )?;
    }
    Ok(())
}

impl ImportReport {
    /// A new version of a stored figure replaces it as the current one, so
    /// it counts as replaced.
    fn count(&mut self, outcome: Outcome) {
        match outcome.change {
            Change::Added { revises: None } => self.added += 1,
            Change::Added { revises: Some(_) } | Change::Replaced { .. } => self.replaced += 1,
            Change::Unchanged => self.unchanged += 1,
        }
        self.outcomes.push(outcome);
    }
}

/// Every column of a figure that differs between two versions of one
/// publication: "change_pct: 20.48 → trống".
pub(super) fn changed_columns(old: &Observation, new: &Observation) -> Vec<String> {
    let text = |value: Option<String>| value.unwrap_or_else(|| "trống".to_string());
    let decimal = |d: Option<Decimal>| d.map(|d| d.to_string());
    let columns: [(&str, Option<String>, Option<String>); 12] = [
        (
            "value",
            Some(old.value.to_string()),
            Some(new.value.to_string()),
        ),
        ("plan", decimal(old.plan), decimal(new.plan)),
        ("plan_pct", decimal(old.plan_pct), decimal(new.plan_pct)),
        (
            "change_pct",
            decimal(old.change_pct),
            decimal(new.change_pct),
        ),
        (
            "change_places",
            old.change_places.map(|p| p.to_string()),
            new.change_places.map(|p| p.to_string()),
        ),
        ("share_pct", decimal(old.share_pct), decimal(new.share_pct)),
        (
            "out_of",
            old.out_of.map(|o| o.to_string()),
            new.out_of.map(|o| o.to_string()),
        ),
        (
            "status",
            Some(old.status.code().to_string()),
            Some(new.status.code().to_string()),
        ),
        ("source", Some(old.source.clone()), Some(new.source.clone())),
        ("url", old.url.clone(), new.url.clone()),
        ("note", old.note.clone(), new.note.clone()),
        ("basis", old.basis.clone(), new.basis.clone()),
    ];
    columns
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(name, a, b)| format!("{name}: {} → {}", text(a), text(b)))
        .collect()
}

/// A target in machine words, for reports: "850", "tăng 4.8%", "tăng 9.5–10.5%".
pub(super) fn target_text(target: &Target) -> String {
    match target {
        Target::Amount(amount) => amount.to_string(),
        Target::Growth(growth) => format!("tăng {growth}%"),
        Target::GrowthRange { low, high } => format!("tăng {low}–{high}%"),
    }
}

impl Store {
    /// Writes a file's figures and plans in one transaction: all of them
    /// or, on any failure, none. A figure published again on another date
    /// is a new version; the same publication with other values replaces
    /// the stored one, which is kept in `figure_replaced`.
    pub fn import(&self, figures: &Figures) -> Result<ImportReport, DbError> {
        self.import_as(figures, &ReleaseNote::default())
    }

    /// The same, kept as a release that says what it is (a change set of
    /// the staff side: its kind, title and public note).
    pub fn import_as(
        &self,
        figures: &Figures,
        about: &ReleaseNote,
    ) -> Result<ImportReport, DbError> {
        let mut connection = self.connect_for_writing()?;
        let transaction =
            connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if let Some(set) = about.change_set {
            let published: Option<i64> = transaction
                .query_row(
                    "SELECT id FROM release WHERE change_set = ?1",
                    [set],
                    |row| row.get(0),
                )
                .optional()?;
            if published.is_some() {
                return Ok(ImportReport {
                    release_id: published,
                    already_published: true,
                    ..ImportReport::default()
                });
            }
        }
        let report = import_into(&transaction, self.catalogue, figures, about)?;
        transaction.commit()?;
        Ok(report)
    }

    /// What `import` would do, figure by figure, without writing: the same
    /// work in a transaction that is rolled back.
    pub fn try_import(&self, figures: &Figures) -> Result<ImportReport, DbError> {
        let mut connection = self.connect_for_writing()?;
        let transaction = connection.transaction()?;
        let report = import_into(
            &transaction,
            self.catalogue,
            figures,
            &ReleaseNote::default(),
        )?;
        transaction.rollback()?;
        Ok(report)
    }
}
