//! The department's activities and plans.

use super::*;

pub(super) fn write_activities(
    transaction: &Transaction<'_>,
    activities: &[Activity],
) -> Result<(), DbError> {
    let mut statement = transaction.prepare(
        "INSERT INTO activity (year, kind, topic, text, source) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for a in activities {
        statement.execute(params![a.year, a.kind.code(), a.topic, a.text, a.source])?;
    }
    Ok(())
}

impl Store {
    /// The activities done in `year` and those planned for `year + 1`, in
    /// the order they were entered.
    pub fn activities_of_report(&self, year: i32) -> Result<Vec<Activity>, DbError> {
        let reader = self.reader()?;
        let connection = reader.connection();
        let mut statement = connection.prepare_cached(
            "SELECT year, kind, topic, text, source FROM activity
             WHERE (year = ?1 AND kind = 'result') OR (year = ?1 + 1 AND kind = 'plan')
             ORDER BY id",
        )?;
        let rows = statement
            .query_map([year], |row| {
                Ok((
                    row.get::<_, i32>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(year, kind, topic, text, source)| {
                let kind = ActivityKind::from_code(&kind)
                    .ok_or_else(|| DbError::Corrupt(format!("loại hoạt động \"{kind}\"")))?;
                Ok(Activity {
                    year,
                    kind,
                    topic,
                    text,
                    source,
                })
            })
            .collect()
    }
}
