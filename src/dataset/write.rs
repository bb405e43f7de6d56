//! Writing figures, changes published alone and plans in exactly the format
//! `read_figures` reads.

use super::*;

/// Figures without plans, in the file format.
pub fn write_observations(observations: &[Observation]) -> String {
    write_figures(observations, &[], &[])
}

/// Writes figures and plans in exactly the format `read_figures` reads:
/// every column, numbers in machine format with their published digits,
/// rows by year, period, catalogue order, territory, publisher and date,
/// plans after figures. Reading the output back gives the same figures, and
/// writing them again the same bytes.
pub fn write_figures(observations: &[Observation], rates: &[Rate], plans: &[Plan]) -> String {
    let mut sorted: Vec<&Observation> = observations.iter().collect();
    sort_observations(&mut sorted);
    let mut plans: Vec<&Plan> = plans.iter().collect();
    plans.sort_by_key(|p| {
        (
            p.year,
            p.period,
            p.indicator.position,
            p.territory,
            p.publisher,
            p.published,
        )
    });
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let decimal = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    let integer = |i: Option<i64>| i.map(|i| i.to_string()).unwrap_or_default();
    let text = |t: &Option<String>| t.clone().unwrap_or_default();
    let date = |d: Option<Published>| d.map(|d| d.to_string()).unwrap_or_default();
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(OBSERVATION_COLUMNS);
    for o in sorted {
        let _ = writer.write_record([
            o.indicator.code.to_string(),
            o.year.to_string(),
            o.value.to_string(),
            o.period.code(),
            o.territory.code().to_string(),
            o.publisher.code().to_string(),
            "figure".to_string(),
            o.indicator.unit.to_string(),
            decimal(o.plan),
            decimal(o.plan_pct),
            decimal(o.change_pct),
            String::new(),
            String::new(),
            integer(o.change_places),
            decimal(o.share_pct),
            integer(o.out_of),
            o.status.code().to_string(),
            text(&o.basis),
            if o.sub_territory { "yes" } else { "" }.to_string(),
            date(o.published),
            text(&o.url),
            o.source.clone(),
            text(&o.note),
        ]);
    }
    // Changes published alone: figure rows without a value, after the
    // figures, in the same order.
    let mut rates: Vec<&Rate> = rates.iter().collect();
    rates.sort_by_key(|r| r.sort_key());
    for r in rates {
        let _ = writer.write_record([
            r.indicator.code.to_string(),
            r.year.to_string(),
            String::new(),
            r.period.code(),
            r.territory.code().to_string(),
            r.publisher.code().to_string(),
            "figure".to_string(),
            r.indicator.unit.to_string(),
            String::new(),
            String::new(),
            r.change_pct.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            r.status.code().to_string(),
            text(&r.basis),
            if r.sub_territory { "yes" } else { "" }.to_string(),
            date(r.published),
            text(&r.url),
            r.source.clone(),
            text(&r.note),
        ]);
    }
    for p in plans {
        let (amount, growth, low, high) = match p.target {
            Target::Amount(a) => (Some(a), None, None, None),
            Target::Growth(g) => (None, Some(g), None, None),
            Target::GrowthRange { low, high } => (None, None, Some(low), Some(high)),
        };
        let _ = writer.write_record([
            p.indicator.code.to_string(),
            p.year.to_string(),
            decimal(amount),
            p.period.code(),
            p.territory.code().to_string(),
            p.publisher.code().to_string(),
            "plan".to_string(),
            p.indicator.unit.to_string(),
            String::new(),
            String::new(),
            decimal(growth),
            decimal(low),
            decimal(high),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            text(&p.basis),
            String::new(),
            date(p.published),
            text(&p.url),
            p.source.clone(),
            text(&p.note),
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
