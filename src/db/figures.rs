//! The figures pages show: the years and periods, a period's figures and
//! everything published for it, which version is shown.

use super::*;

/// A figure as it stood before it was revised: by a later publication, or
/// by an import that replaced the same publication's values.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub indicator: String,
    pub territory: Territory,
    pub publisher: Publisher,
    pub year: i32,
    pub period: Period,
    pub value: Decimal,
    pub status: Status,
    pub source: String,
    /// When the revised value was itself published, where known.
    pub published: Option<Published>,
    /// When it stopped being current: the next version's publication date,
    /// or the time of the import that replaced it.
    pub replaced_at: String,
    /// Whether an import corrected the same publication in place (rather
    /// than a later publication revising it).
    pub in_place: bool,
}

/// Everything published for one year's period: every version of every
/// publisher's figure (sorted as stored: a figure's versions oldest first)
/// and the earlier values among them and that imports replaced.
#[derive(Debug, Clone, Default)]
pub struct PeriodRecord {
    pub versions: Vec<Observation>,
    pub revisions: Vec<Revision>,
}

impl PeriodRecord {
    /// The current version of each publisher's figure.
    pub fn current(&self) -> Vec<Observation> {
        current(self.versions.clone(), None)
    }
}

/// Of `versions`, the one pages show for each indicator, territory, year
/// and period as it stood at the end of `as_of`: of those published by
/// then, the leading publisher's latest (what `mark_shown` marks for today).
pub(super) fn leading_as_of(mut versions: Vec<Observation>, as_of: Published) -> Vec<Observation> {
    versions.retain(|o| o.published.is_none_or(|p| p.by(as_of)));
    versions.sort_by(|a, b| {
        (
            a.indicator.code,
            a.territory,
            a.year,
            a.period,
            a.publisher.leading_order(),
        )
            .cmp(&(
                b.indicator.code,
                b.territory,
                b.year,
                b.period,
                b.publisher.leading_order(),
            ))
            .then(a.is_doubtful().cmp(&b.is_doubtful()))
            .then(b.published.cmp(&a.published))
    });
    versions.dedup_by(|later, first| {
        (
            later.indicator.code,
            later.territory,
            later.year,
            later.period,
        ) == (
            first.indicator.code,
            first.territory,
            first.year,
            first.period,
        )
    });
    versions
}

/// Marks the version of each figure that pages show: of the figures of
/// one indicator, territory, year and period (a sub-territory's report
/// aside), the leading publisher's, its latest version. Run in the
/// transaction that writes figures; the whole record takes milliseconds.
pub(super) fn mark_shown(transaction: &Transaction<'_>) -> Result<(), DbError> {
    let doubtful_last = doubtful_last();
    transaction.execute_batch(&format!(
        "UPDATE figure SET is_current = 0 WHERE is_current = 1;
         UPDATE figure SET is_current = 1 WHERE id IN (
             SELECT id FROM (
                 SELECT id, ROW_NUMBER() OVER (
                     PARTITION BY indicator, territory, year, period, publisher, sub_territory
                     ORDER BY {doubtful_last}, published DESC) AS place
                 FROM figure)
             WHERE place = 1);
         UPDATE figure SET shown = 0 WHERE shown = 1;
         UPDATE figure SET shown = 1 WHERE id IN (
             SELECT id FROM (
                 SELECT id, ROW_NUMBER() OVER (
                     PARTITION BY indicator, territory, year, period
                     ORDER BY {LEADING_ORDER}, {doubtful_last}, published DESC) AS place
                 FROM figure WHERE sub_territory = 0)
             WHERE place = 1);"
    ))?;
    Ok(())
}

/// Within one publisher's versions of a figure, doubtful ones come after
/// the others: `Observation::is_doubtful` as SQL, from the same mark.
fn doubtful_last() -> String {
    format!(
        "(note IS NOT NULL AND note LIKE '{}%')",
        crate::model::DOUBTFUL
    )
}

/// The current version of each figure: the latest published by `as_of`,
/// a doubtful version never replacing one that is not.
/// `versions` come sorted, a figure's versions oldest first.
pub(super) fn current(versions: Vec<Observation>, as_of: Option<Published>) -> Vec<Observation> {
    let mut current: Vec<Observation> = Vec::new();
    for version in versions {
        if let Some(as_of) = as_of
            && version.published.is_some_and(|p| !p.by(as_of))
        {
            continue;
        }
        match current.last_mut() {
            Some(last) if last.key() == version.key() => {
                if !version.is_doubtful() || last.is_doubtful() {
                    *last = version;
                }
            }
            _ => current.push(version),
        }
    }
    current
}

impl Store {
    /// Every version of every figure, as files hold them.
    pub fn all_versions(&self) -> Result<Vec<Observation>, DbError> {
        let reader = self.reader()?;
        let connection = reader.connection();
        query_observations(connection, self.catalogue, "", [])
    }

    /// Every change published without its level.
    pub fn all_rates(&self) -> Result<Vec<Rate>, DbError> {
        let reader = self.reader()?;
        query_rates(reader.connection(), self.catalogue, "", [])
    }

    /// The current version of every figure: the latest published (by
    /// `as_of`, a day, when given; figures without a date count as
    /// published before any date).
    pub fn current_figures(&self, as_of: Option<Published>) -> Result<Vec<Observation>, DbError> {
        Ok(current(self.all_versions()?, as_of))
    }

    /// What a new figure of the years `from..=to` is checked against:
    /// the current version of every publisher's figure of those years
    /// (marked when figures are written; a range of their index) and every
    /// plan for them.
    pub fn record_of_years(
        &self,
        from: i32,
        to: i32,
    ) -> Result<(Vec<Observation>, Vec<Plan>), DbError> {
        let reader = self.reader()?;
        let connection = reader.connection();
        let figures = query_observations(
            connection,
            self.catalogue,
            "INDEXED BY figure_current WHERE year BETWEEN ?1 AND ?2 AND is_current = 1",
            params![from, to],
        )?;
        let plans = query_plans(
            connection,
            self.catalogue,
            "WHERE year BETWEEN ?1 AND ?2",
            params![from, to],
        )?;
        Ok((figures, plans))
    }

    /// Every year's figures for the whole year as pages show them.
    pub fn all_figures(&self) -> Result<Vec<YearFigures>, DbError> {
        self.figures_of_period(Period::Year)
    }

    /// Every year's figures for `period` as pages show them (see
    /// `Reader::figures_of_period`).
    pub fn figures_of_period(&self, period: Period) -> Result<Vec<YearFigures>, DbError> {
        self.reader()?.figures_of_period(period)
    }

    /// How many rows the whole record has: every version of every figure,
    /// and every plan (what the open-data files hold).
    pub fn record_size(&self) -> Result<usize, DbError> {
        let reader = self.reader()?;
        let connection = reader.connection();
        let count: i64 = connection.query_row(
            "SELECT (SELECT COUNT(*) FROM figure) + (SELECT COUNT(*) FROM plan)",
            [],
            |row| row.get(0),
        )?;
        Ok(usize::try_from(count).unwrap_or_default())
    }

    /// The earlier values of `year`'s figures for the whole year.
    pub fn revisions(&self, year: i32) -> Result<Vec<Revision>, DbError> {
        Ok(self
            .reader()?
            .record_of_period(year, Period::Year, None)?
            .revisions)
    }
}

impl Reader {
    /// Every year's figures for `period` as pages show them: the current
    /// versions, for the province of that period, the leading publisher's
    /// where several published one; oldest year first.
    pub fn figures_of_period(&self, period: Period) -> Result<Vec<YearFigures>, DbError> {
        let connection = self.connection();
        // Which version of which publisher's figure pages show is marked
        // when figures are written (`mark_shown`); the partial index holds
        // only those, so this reads the years shown and nothing else.
        let sql = format!(
            "{FIGURE_SELECT} INDEXED BY figure_on_pages
             WHERE period = ?1 AND shown = 1 AND {PROVINCE}"
        );
        let shown = query_observations_sql(connection, self.catalogue, &sql, [period.code()])?;
        let chosen = shown
            .into_iter()
            .filter(|o| o.territory == Territory::by_date(o.year, period))
            .collect();
        Ok(YearFigures::group(chosen))
    }

    /// The same as it stood at the end of `as_of` (a day): of the versions
    /// published by then, the leading publisher's latest. Read from one
    /// period's rows of every year and chosen here: dated views are rare
    /// and kept in the response cache like any page.
    pub fn figures_of_period_as_of(
        &self,
        period: Period,
        as_of: Published,
    ) -> Result<Vec<YearFigures>, DbError> {
        let sql = format!(
            "{FIGURE_SELECT} INDEXED BY figure_by_period_alone
             WHERE period = ?1 AND sub_territory = 0 AND {PROVINCE}
               AND published <= ?2"
        );
        let mut versions = query_observations_sql(
            self.connection(),
            self.catalogue,
            &sql,
            params![period.code(), as_of.to_string()],
        )?;
        versions.retain(|o| o.territory == Territory::by_date(o.year, period));
        Ok(YearFigures::group(leading_as_of(versions, as_of)))
    }

    /// The changes published without their level for `period` of `year`
    /// (a range of their (year, period) index).
    pub fn rates_of_period(&self, year: i32, period: Period) -> Result<Vec<Rate>, DbError> {
        query_rates(
            self.connection(),
            self.catalogue,
            "WHERE year = ?1 AND period = ?2",
            params![year, period.code()],
        )
    }

    /// The figures pages show of `code` for every cumulative period (and
    /// the year) of `year` and the year before: the progress of a year
    /// against the last. As it stood at the end of `as_of` when given.
    /// Read through the index of shown figures: a few dozen rows at most.
    pub fn cumulative_of(
        &self,
        code: &str,
        year: i32,
        as_of: Option<Published>,
    ) -> Result<Vec<Observation>, DbError> {
        let periods = Period::all()
            .filter(|p| p.is_cumulative())
            .map(|p| format!("'{}'", p.code()))
            .collect::<Vec<_>>()
            .join(", ");
        let mut chosen = match as_of {
            None => query_observations_sql(
                self.connection(),
                self.catalogue,
                &format!(
                    "{FIGURE_SELECT} INDEXED BY figure_on_pages
                     WHERE shown = 1 AND period IN ({periods})
                       AND {PROVINCE}
                       AND year BETWEEN ?1 - 1 AND ?1 AND indicator = ?2"
                ),
                params![year, code],
            )?,
            Some(day) => {
                let versions = query_observations(
                    self.connection(),
                    self.catalogue,
                    &format!(
                        "WHERE year BETWEEN ?1 - 1 AND ?1 AND indicator = ?2 AND sub_territory = 0
                       AND {PROVINCE} AND published <= ?3"
                    ),
                    params![year, code, day.to_string()],
                )?;
                leading_as_of(versions, day)
            }
        };
        chosen.retain(|o| {
            o.period.is_cumulative() && o.territory == Territory::by_date(o.year, o.period)
        });
        Ok(chosen)
    }

    /// Every year with figures published by the end of `as_of`, newest
    /// first.
    pub fn years_as_of(&self, as_of: Published) -> Result<Vec<i32>, DbError> {
        let connection = self.connection();
        let mut before = connection.prepare_cached(&format!(
            "SELECT year FROM figure WHERE year < ?1 AND published <= ?2
               AND sub_territory = 0 AND {PROVINCE}
             ORDER BY year DESC LIMIT 1"
        ))?;
        let as_of = as_of.to_string();
        let mut years = Vec::new();
        let mut next: Option<i32> = before
            .query_row(params![i32::MAX, as_of], |row| row.get(0))
            .optional()?;
        while let Some(year) = next {
            years.push(year);
            next = before
                .query_row(params![year, as_of], |row| row.get(0))
                .optional()?;
        }
        Ok(years)
    }

    /// The periods `year` has figures for, published by the end of `as_of`.
    pub fn periods_of_as_of(&self, year: i32, as_of: Published) -> Result<Vec<Period>, DbError> {
        let mut statement = self.connection().prepare_cached(&format!(
            "SELECT DISTINCT period FROM figure WHERE year = ?1 AND published <= ?2
               AND sub_territory = 0 AND {PROVINCE}"
        ))?;
        let codes = statement
            .query_map(params![year, as_of.to_string()], |row| {
                row.get::<_, String>(0)
            })?
            .collect::<Result<Vec<_>, _>>()?;
        periods_of_codes(year, codes)
    }

    /// Every year with figures, newest first: one index seek per year (a
    /// skip scan), however many figures each year has.
    pub fn years(&self) -> Result<Vec<i32>, DbError> {
        let connection = self.connection();
        // Only figures pages show count: a year (or period) of nothing but
        // sub-territory reports or Bình Định's figures has no page.
        let mut newest = connection.prepare_cached(&format!(
            "SELECT MAX(year) FROM figure INDEXED BY figure_periods_on_pages
             WHERE shown = 1 AND {PROVINCE}"
        ))?;
        let mut before = connection.prepare_cached(&format!(
            "SELECT year FROM figure INDEXED BY figure_periods_on_pages
             WHERE shown = 1 AND {PROVINCE} AND year < ?1
             ORDER BY year DESC LIMIT 1"
        ))?;
        let mut years = Vec::new();
        let mut next: Option<i32> = newest.query_row([], |row| row.get(0))?;
        while let Some(year) = next {
            years.push(year);
            next = before.query_row([year], |row| row.get(0)).optional()?;
        }
        Ok(years)
    }

    /// The periods `year` has figures for: a range of the (year, period) index.
    pub fn periods_of(&self, year: i32) -> Result<Vec<Period>, DbError> {
        let mut statement = self.connection().prepare_cached(&format!(
            "SELECT DISTINCT period FROM figure INDEXED BY figure_periods_on_pages
                 WHERE shown = 1 AND {PROVINCE} AND year = ?1"
        ))?;
        let codes = statement
            .query_map([year], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        periods_of_codes(year, codes)
    }

    /// Everything published for `period` of `year`: every version of every
    /// publisher's figure, and the earlier values (a range of the (year,
    /// period) index: what one period has, however large the record).
    /// With `as_of` (a day), as it stood at its end: the versions published
    /// by then, and the corrections made by then.
    pub fn record_of_period(
        &self,
        year: i32,
        period: Period,
        as_of: Option<Published>,
    ) -> Result<PeriodRecord, DbError> {
        let mut versions = query_observations(
            self.connection(),
            self.catalogue,
            "WHERE year = ?1 AND period = ?2",
            params![year, period.code()],
        )?;
        if let Some(as_of) = as_of {
            versions.retain(|v| v.published.is_none_or(|p| p.by(as_of)));
        }
        let mut revisions = self.revisions_among(year, period, &versions)?;
        if let Some(as_of) = as_of {
            let end = as_of.to_string();
            revisions.retain(|r| {
                !r.in_place
                    || r.replaced_at
                        .get(..10)
                        .is_some_and(|day| day <= end.as_str())
            });
        }
        Ok(PeriodRecord {
            versions,
            revisions,
        })
    }

    /// The current version of every publisher's figure of `period` of
    /// `year` (as it stood at the end of `as_of` when given), reports for
    /// part of the province aside: what a figure of the next year is
    /// compared with, within its own series.
    pub fn current_of_period(
        &self,
        year: i32,
        period: Period,
        as_of: Option<Published>,
    ) -> Result<Vec<Observation>, DbError> {
        if as_of.is_some() {
            let versions = query_observations(
                self.connection(),
                self.catalogue,
                "INDEXED BY figure_by_period_alone
                 WHERE period = ?2 AND year = ?1 AND sub_territory = 0",
                params![year, period.code()],
            )?;
            return Ok(current(versions, as_of));
        }
        // As it stands: the versions marked current when figures were
        // written, through their partial index.
        query_observations(
            self.connection(),
            self.catalogue,
            &format!(
                "INDEXED BY figure_current
                 WHERE year = ?1 AND period = ?2 AND is_current = 1 AND sub_territory = 0
                   AND {PROVINCE}"
            ),
            params![year, period.code()],
        )
    }

    /// The old provinces' figures pages would show for `period` of `year`
    /// (each its leading publisher's current version; as it stood at the
    /// end of `as_of` when given): what a merged-province figure is
    /// compared with across the merger.
    pub fn old_provinces_of(
        &self,
        year: i32,
        period: Period,
        as_of: Option<Published>,
    ) -> Result<Vec<Observation>, DbError> {
        match as_of {
            None => query_observations(
                self.connection(),
                self.catalogue,
                "WHERE shown = 1 AND year = ?1 AND period = ?2
                   AND territory IN ('gia-lai-cu', 'binh-dinh')",
                params![year, period.code()],
            ),
            Some(day) => {
                let versions = query_observations(
                    self.connection(),
                    self.catalogue,
                    "WHERE year = ?1 AND period = ?2 AND sub_territory = 0
                       AND territory IN ('gia-lai-cu', 'binh-dinh') AND published <= ?3",
                    params![year, period.code(), day.to_string()],
                )?;
                Ok(leading_as_of(versions, day))
            }
        }
    }

    /// Every version of the reports of `code` in `year` for part of a
    /// province (an old province's area after the merger), any period.
    pub fn sub_territory_reports(
        &self,
        code: &str,
        year: i32,
    ) -> Result<Vec<Observation>, DbError> {
        query_observations(
            self.connection(),
            self.catalogue,
            "WHERE year = ?1 AND indicator = ?2 AND sub_territory = 1",
            params![year, code],
        )
    }

    /// What cards need of `period` of `year`, as it stands: every version
    /// of the figures pages show (for their revisions) and the current
    /// version of each other publisher's (for what they printed) — not
    /// the others' earlier versions, which only a figure's page of versions
    /// lists (`record_of_period`).
    pub fn record_for_cards(&self, year: i32, period: Period) -> Result<PeriodRecord, DbError> {
        // The current version of every publisher's figure of the province
        // (for what others printed), through the index of current versions;
        // and every version of the figures pages show (for their
        // revisions), through the index of shown ones: what cards say,
        // however many versions, publishers and provinces are stored.
        let connection = self.connection();
        let mut versions = query_observations_sql(
            connection,
            self.catalogue,
            &format!(
                "{FIGURE_SELECT} INDEXED BY figure_current
                 WHERE year = ?1 AND period = ?2 AND is_current = 1 AND {PROVINCE}"
            ),
            params![year, period.code()],
        )?;
        let shown_versions = query_observations_sql(
            connection,
            self.catalogue,
            &format!(
                "SELECT {}
                 FROM figure s INDEXED BY figure_on_pages
                 JOIN figure f ON f.indicator = s.indicator AND f.territory = s.territory
                      AND f.year = s.year AND f.period = s.period
                      AND f.publisher = s.publisher AND f.sub_territory = 0
                 WHERE s.shown = 1 AND s.period = ?2 AND s.year = ?1
                   AND s.{PROVINCE} AND f.is_current = 0",
                figure_columns_of("f")
            ),
            params![year, period.code()],
        )?;
        versions.extend(shown_versions);
        sort_observations(&mut versions);
        let revisions = self.revisions_among(year, period, &versions)?;
        Ok(PeriodRecord {
            versions,
            revisions,
        })
    }

    /// The earlier values among `versions` (one year's period, sorted as
    /// stored) and those imports replaced in place.
    pub(super) fn revisions_among(
        &self,
        year: i32,
        period: Period,
        versions: &[Observation],
    ) -> Result<Vec<Revision>, DbError> {
        let connection = self.connection();
        let mut revisions = Vec::new();
        for pair in versions.windows(2) {
            let (earlier, later) = (&pair[0], &pair[1]);
            if earlier.key() == later.key() {
                revisions.push(Revision {
                    indicator: earlier.indicator.code.to_string(),
                    territory: earlier.territory,
                    publisher: earlier.publisher,
                    year,
                    period: earlier.period,
                    value: earlier.value,
                    status: earlier.status,
                    source: earlier.source.clone(),
                    published: earlier.published,
                    replaced_at: later.published.map(|p| p.to_string()).unwrap_or_default(),
                    in_place: false,
                });
            }
        }
        let mut statement = connection.prepare_cached(
            "SELECT indicator, territory, publisher, period, value, status, source, replaced_at,
                    published
             FROM figure_replaced WHERE year = ?1 AND period = ?2 ORDER BY id",
        )?;
        let rows = statement
            .query_map(params![year, period.code()], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, String>(6)?,
                    row.get::<_, String>(7)?,
                    row.get::<_, String>(8)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        for (
            indicator,
            territory,
            publisher,
            period,
            value,
            status,
            source,
            replaced_at,
            published,
        ) in rows
        {
            let corrupt = |what: &str| DbError::Corrupt(format!("{indicator} năm {year}: {what}"));
            revisions.push(Revision {
                territory: Territory::from_code(&territory)
                    .ok_or_else(|| corrupt(&format!("địa bàn lạ \"{territory}\"")))?,
                publisher: Publisher::from_code(&publisher)
                    .ok_or_else(|| corrupt(&format!("nơi công bố lạ \"{publisher}\"")))?,
                period: Period::from_code(&period)
                    .ok_or_else(|| corrupt(&format!("kỳ lạ \"{period}\"")))?,
                value: Decimal::from_str(&value).map_err(|_| corrupt(&format!("\"{value}\"")))?,
                status: Status::from_code(&status)
                    .ok_or_else(|| corrupt(&format!("tình trạng lạ \"{status}\"")))?,
                published: Published::parse(&published),
                indicator,
                year,
                source,
                replaced_at,
                in_place: true,
            });
        }
        Ok(revisions)
    }
}
