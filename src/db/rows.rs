//! Rows as SQLite holds them, read into the model and written from it:
//! one reader per table (figures, changes published alone, plans), the
//! columns each selects, and the clauses several queries share.

use super::*;

/// The province pages are about, in any period: the merged one, or before
/// 1/7/2025 the old Gia Lai (Bình Định's figures are read only to be summed
/// across the merger). Every query of pages' figures says it so.
pub(super) const PROVINCE: &str = "territory IN ('gia-lai', 'gia-lai-cu')";

/// Period codes as stored for `year`, read back; a code this program does
/// not know is a corrupt database.
pub(super) fn periods_of_codes(year: i32, codes: Vec<String>) -> Result<Vec<Period>, DbError> {
    codes
        .into_iter()
        .map(|code| {
            Period::from_code(&code)
                .ok_or_else(|| DbError::Corrupt(format!("năm {year}: kỳ lạ \"{code}\"")))
        })
        .collect()
}

/// Writes every figure and plan of `figures`, reporting row by row.
/// Rows of one figure (or plan): its indicator, territory, year, period
/// and publisher, with `key_params`.
pub(super) const BY_KEY: &str =
    "WHERE indicator = ?1 AND territory = ?2 AND year = ?3 AND period = ?4 AND publisher = ?5";

pub(super) fn key_params(
    key: &FigureKey,
) -> (&'static str, &'static str, i32, String, &'static str) {
    (
        key.indicator,
        key.territory.code(),
        key.year,
        key.period.code(),
        key.publisher.code(),
    )
}

pub(super) const RATE_SELECT: &str =
    "SELECT indicator, territory, year, period, publisher, published,
    change_pct, status, source, url, note, basis, sub_territory FROM figure_rate";

/// Changes published without their level, in the order figures are.
pub(super) fn query_rates<P: rusqlite::Params>(
    connection: &Connection,
    catalogue: &'static Catalogue,
    filter: &str,
    params: P,
) -> Result<Vec<Rate>, DbError> {
    let mut statement = connection.prepare_cached(&format!("{RATE_SELECT} {filter}"))?;
    let rows = statement
        .query_map(params, |row| {
            Ok((
                [
                    row.get::<_, String>(0)?,
                    row.get(1)?,
                    row.get::<_, String>(3)?,
                    row.get(4)?,
                    row.get(5)?,
                    row.get(6)?,
                    row.get(7)?,
                    row.get(8)?,
                ],
                row.get::<_, i32>(2)?,
                [row.get::<_, Option<String>>(9)?, row.get(10)?, row.get(11)?],
                row.get::<_, bool>(12)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut rates = Vec::new();
    for (
        [
            indicator,
            territory,
            period,
            publisher,
            published,
            change,
            status,
            source,
        ],
        year,
        [url, note, basis],
        sub_territory,
    ) in rows
    {
        let corrupt = |what: String| DbError::Corrupt(format!("{indicator} năm {year}: {what}"));
        let at = Coordinates::read(
            catalogue, &indicator, &territory, &period, &publisher, &published,
        )
        .map_err(corrupt)?;
        rates.push(Rate {
            indicator: at.indicator,
            territory: at.territory,
            year,
            period: at.period,
            publisher: at.publisher,
            change_pct: Decimal::from_str(&change)
                .map_err(|_| corrupt(format!("\"{change}\" không phải số")))?,
            status: Status::from_code(&status)
                .ok_or_else(|| corrupt(format!("tình trạng lạ \"{status}\"")))?,
            source,
            note,
            published: at.published,
            url,
            basis,
            sub_territory,
        });
    }
    rates.sort_by_key(|r| r.sort_key());
    Ok(rates)
}

pub(super) fn write_rate(connection: &Connection, r: &Rate) -> Result<(), DbError> {
    connection
        .prepare_cached(
            "INSERT OR REPLACE INTO figure_rate
                 (indicator, territory, year, period, publisher, published, change_pct, status,
                  source, url, note, basis, sub_territory)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?
        .execute(params![
            r.indicator.code,
            r.territory.code(),
            r.year,
            r.period.code(),
            r.publisher.code(),
            published_text(r.published),
            r.change_pct.to_string(),
            r.status.code(),
            r.source,
            r.url,
            r.note,
            r.basis,
            r.sub_territory,
        ])?;
    Ok(())
}

pub(super) fn published_text(published: Option<Published>) -> String {
    published.map(|p| p.to_string()).unwrap_or_default()
}

/// Publishers in the order pages lead with them (`Publisher::ALL`), as SQL.
pub(super) const LEADING_ORDER: &str = "CASE publisher WHEN 'so-cong-thuong' THEN 0 WHEN 'thong-ke' THEN 1 \
    WHEN 'ubnd' THEN 2 WHEN 'vecom' THEN 3 ELSE 4 END";

pub(super) const FIGURE_SELECT: &str =
    "SELECT indicator, territory, year, period, publisher, published,
    value, plan, plan_pct, change_pct, change_places, share_pct, out_of, status, source, url,
    note, basis, sub_territory FROM figure";

/// The same columns of a figure table named `alias` in a join: "f.indicator, …".
/// Read off `FIGURE_SELECT`, so that the two never differ.
pub(super) fn figure_columns_of(alias: &str) -> String {
    let columns = FIGURE_SELECT
        .trim_start_matches("SELECT ")
        .trim_end_matches(" FROM figure");
    columns
        .split(',')
        .map(|column| format!("{alias}.{}", column.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn query_observations<P: rusqlite::Params>(
    connection: &Connection,
    catalogue: &'static Catalogue,
    filter: &str,
    params: P,
) -> Result<Vec<Observation>, DbError> {
    query_observations_sql(
        connection,
        catalogue,
        &format!("{FIGURE_SELECT} {filter}"),
        params,
    )
}

/// Figures from `sql`, which selects `FIGURE_SELECT`'s columns.
pub(super) fn query_observations_sql<P: rusqlite::Params>(
    connection: &Connection,
    catalogue: &'static Catalogue,
    sql: &str,
    params: P,
) -> Result<Vec<Observation>, DbError> {
    let mut statement = connection.prepare_cached(sql)?;
    let rows = statement
        .query_map(params, StoredObservation::from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    let mut observations = rows
        .into_iter()
        .map(|row| row.into_observation(catalogue))
        .collect::<Result<Vec<_>, _>>()?;
    sort_observations(&mut observations);
    Ok(observations)
}

/// A row as SQLite holds it, before its text is checked.
pub(super) struct StoredObservation {
    pub(super) indicator: String,
    pub(super) territory: String,
    pub(super) year: i32,
    pub(super) period: String,
    pub(super) publisher: String,
    pub(super) published: String,
    pub(super) value: String,
    pub(super) plan: Option<String>,
    pub(super) plan_pct: Option<String>,
    pub(super) change_pct: Option<String>,
    pub(super) change_places: Option<i64>,
    pub(super) share_pct: Option<String>,
    pub(super) out_of: Option<i64>,
    pub(super) status: String,
    pub(super) source: String,
    pub(super) url: Option<String>,
    pub(super) note: Option<String>,
    pub(super) basis: Option<String>,
    pub(super) sub_territory: bool,
}

impl StoredObservation {
    fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredObservation> {
        Ok(StoredObservation {
            indicator: row.get(0)?,
            territory: row.get(1)?,
            year: row.get(2)?,
            period: row.get(3)?,
            publisher: row.get(4)?,
            published: row.get(5)?,
            value: row.get(6)?,
            plan: row.get(7)?,
            plan_pct: row.get(8)?,
            change_pct: row.get(9)?,
            change_places: row.get(10)?,
            share_pct: row.get(11)?,
            out_of: row.get(12)?,
            status: row.get(13)?,
            source: row.get(14)?,
            url: row.get(15)?,
            note: row.get(16)?,
            basis: row.get(17)?,
            sub_territory: row.get(18)?,
        })
    }

    fn into_observation(self, catalogue: &'static Catalogue) -> Result<Observation, DbError> {
        let corrupt = |what: String| {
            DbError::Corrupt(format!("{} năm {}: {what}", self.indicator, self.year))
        };
        let decimal = |text: &str| {
            Decimal::from_str(text).map_err(|_| corrupt(format!("\"{text}\" không phải số")))
        };
        let optional = |text: &Option<String>| text.as_deref().map(decimal).transpose();
        let coordinates = Coordinates::read(
            catalogue,
            &self.indicator,
            &self.territory,
            &self.period,
            &self.publisher,
            &self.published,
        )
        .map_err(corrupt)?;
        Ok(Observation {
            indicator: coordinates.indicator,
            territory: coordinates.territory,
            year: self.year,
            period: coordinates.period,
            publisher: coordinates.publisher,
            value: decimal(&self.value)?,
            plan: optional(&self.plan)?,
            plan_pct: optional(&self.plan_pct)?,
            change_pct: optional(&self.change_pct)?,
            change_places: self.change_places,
            share_pct: optional(&self.share_pct)?,
            out_of: self.out_of,
            status: Status::from_code(&self.status)
                .ok_or_else(|| corrupt(format!("tình trạng lạ \"{}\"", self.status)))?,
            source: self.source.clone(),
            note: self.note.clone(),
            published: coordinates.published,
            url: self.url.clone(),
            basis: self.basis.clone(),
            sub_territory: self.sub_territory,
        })
    }
}

/// What places a stored row among figures: its codes, checked.
pub(super) struct Coordinates {
    pub(super) indicator: &'static indicator::Indicator,
    pub(super) territory: Territory,
    pub(super) period: Period,
    pub(super) publisher: Publisher,
    pub(super) published: Option<Published>,
}

impl Coordinates {
    fn read(
        catalogue: &'static Catalogue,
        indicator: &str,
        territory: &str,
        period: &str,
        publisher: &str,
        published: &str,
    ) -> Result<Coordinates, String> {
        Ok(Coordinates {
            indicator: catalogue
                .find(indicator)
                .ok_or_else(|| format!("mã chỉ tiêu lạ \"{indicator}\""))?,
            territory: Territory::from_code(territory)
                .ok_or_else(|| format!("địa bàn lạ \"{territory}\""))?,
            period: Period::from_code(period).ok_or_else(|| format!("kỳ lạ \"{period}\""))?,
            publisher: Publisher::from_code(publisher)
                .ok_or_else(|| format!("nơi công bố lạ \"{publisher}\""))?,
            published: match published {
                "" => None,
                text => Some(
                    Published::parse(text).ok_or_else(|| format!("ngày công bố lạ \"{text}\""))?,
                ),
            },
        })
    }
}

/// Writes a figure's version, replacing the same publication's.
pub(super) fn write_observation(connection: &Connection, o: &Observation) -> Result<(), DbError> {
    let text = |d: &Option<Decimal>| d.map(|d| d.to_string());
    connection
        .prepare_cached(
            "INSERT OR REPLACE INTO figure
                 (indicator, territory, year, period, publisher, published, value, plan, plan_pct,
                  change_pct, change_places, share_pct, out_of, status, source, url, note, basis,
                  sub_territory)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     ?18, ?19)",
        )?
        .execute(params![
            o.indicator.code,
            o.territory.code(),
            o.year,
            o.period.code(),
            o.publisher.code(),
            published_text(o.published),
            o.value.to_string(),
            text(&o.plan),
            text(&o.plan_pct),
            text(&o.change_pct),
            o.change_places,
            text(&o.share_pct),
            o.out_of,
            o.status.code(),
            o.source,
            o.url,
            o.note,
            o.basis,
            o.sub_territory,
        ])?;
    Ok(())
}

pub(super) const PLAN_SELECT: &str =
    "SELECT indicator, territory, year, period, publisher, published,
    target, value, low, high, source, url, note, basis FROM plan";

pub(super) fn query_plans<P: rusqlite::Params>(
    connection: &Connection,
    catalogue: &'static Catalogue,
    filter: &str,
    params: P,
) -> Result<Vec<Plan>, DbError> {
    let mut statement = connection.prepare_cached(&format!("{PLAN_SELECT} {filter}"))?;
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        String,
        String,
        i32,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    )> = statement
        .query_map(params, |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
                row.get(6)?,
                row.get(7)?,
                row.get(8)?,
                row.get(9)?,
                row.get(10)?,
                row.get(11)?,
                row.get(12)?,
                row.get(13)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut plans = Vec::new();
    for (
        indicator,
        territory,
        year,
        period,
        publisher,
        published,
        target,
        value,
        low,
        high,
        source,
        url,
        note,
        basis,
    ) in rows
    {
        let corrupt =
            |what: String| DbError::Corrupt(format!("kế hoạch {indicator} năm {year}: {what}"));
        let coordinates = Coordinates::read(
            catalogue, &indicator, &territory, &period, &publisher, &published,
        )
        .map_err(corrupt)?;
        let decimal = |text: &Option<String>| -> Result<Decimal, DbError> {
            text.as_deref()
                .and_then(|t| Decimal::from_str(t).ok())
                .ok_or_else(|| {
                    corrupt(format!(
                        "mục tiêu \"{}\" không phải số",
                        text.clone().unwrap_or_default()
                    ))
                })
        };
        let target = match target.as_str() {
            "amount" => Target::Amount(decimal(&value)?),
            "growth" => Target::Growth(decimal(&value)?),
            "range" => Target::GrowthRange {
                low: decimal(&low)?,
                high: decimal(&high)?,
            },
            other => return Err(corrupt(format!("loại mục tiêu lạ \"{other}\""))),
        };
        plans.push(Plan {
            indicator: coordinates.indicator,
            territory: coordinates.territory,
            year,
            period: coordinates.period,
            publisher: coordinates.publisher,
            target,
            published: coordinates.published,
            source,
            url,
            note,
            basis,
        });
    }
    plans.sort_by_key(|p| (p.key(), p.published));
    Ok(plans)
}

pub(super) fn write_plan(connection: &Connection, p: &Plan) -> Result<(), DbError> {
    let (target, value, low, high) = match p.target {
        Target::Amount(amount) => ("amount", Some(amount), None, None),
        Target::Growth(growth) => ("growth", Some(growth), None, None),
        Target::GrowthRange { low, high } => ("range", None, Some(low), Some(high)),
    };
    let text = |d: Option<Decimal>| d.map(|d| d.to_string());
    connection
        .prepare_cached(
            "INSERT OR REPLACE INTO plan
                 (indicator, territory, year, period, publisher, published, target, value, low,
                  high, source, url, note, basis)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?
        .execute(params![
            p.indicator.code,
            p.territory.code(),
            p.year,
            p.period.code(),
            p.publisher.code(),
            published_text(p.published),
            target,
            text(value),
            text(low),
            text(high),
            p.source,
            p.url,
            p.note,
            p.basis,
        ])?;
    Ok(())
}
