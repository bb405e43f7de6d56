//! `/hoat-dong`: what the department did in the year and what it plans for
//! the next, grouped by topic.

use actix_web::web::Html;
use askama::Template;

use crate::model::{Activity, ActivityKind, distinct_sources};
use crate::web::error::AppError;
use crate::web::layout::{Layout, Section};
use crate::web::pages::render;
use crate::web::year::{YearPage, load_activities};

pub struct TopicGroup {
    pub topic: String,
    pub items: Vec<String>,
}

/// Groups activities by topic, keeping the order topics first appear in.
fn group(activities: &[Activity], kind: ActivityKind) -> Vec<TopicGroup> {
    let mut groups: Vec<TopicGroup> = Vec::new();
    for activity in activities.iter().filter(|a| a.kind == kind) {
        match groups.iter_mut().find(|g| g.topic == activity.topic) {
            Some(group) => group.items.push(activity.text.clone()),
            None => groups.push(TopicGroup {
                topic: activity.topic.clone(),
                items: vec![activity.text.clone()],
            }),
        }
    }
    groups
}

#[derive(Template)]
#[template(path = "activities.html")]
struct ActivitiesPage {
    layout: Layout,
    results: Vec<TopicGroup>,
    plans: Vec<TopicGroup>,
    next_year: i32,
}

pub async fn page(page: YearPage) -> Result<Html, AppError> {
    let data = &page.data;
    let year = data.year;
    let activities = load_activities(&page.store, year).await?;
    // Activities are not figures: the sources are the activities' own.
    let title = format!("Hoạt động năm {year} và kế hoạch năm {}", year + 1);
    let mut layout = data.shown(|shown| Layout::new(title, Section::Activities, shown, &page.site));
    layout.sources = distinct_sources(activities.iter().map(|a| &a.source));
    render(&ActivitiesPage {
        results: group(&activities, ActivityKind::Result),
        plans: group(&activities, ActivityKind::Plan),
        next_year: year + 1,
        layout,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn activity(kind: ActivityKind, topic: &str, text: &str) -> Activity {
        Activity {
            year: 2023,
            kind,
            topic: topic.to_string(),
            text: text.to_string(),
            source: "Báo".to_string(),
        }
    }

    #[test]
    fn groups_activities_by_topic_in_order_of_first_appearance() {
        let activities = [
            activity(ActivityKind::Result, "B", "1"),
            activity(ActivityKind::Result, "A", "2"),
            activity(ActivityKind::Plan, "C", "3"),
            activity(ActivityKind::Result, "B", "4"),
        ];
        let groups = group(&activities, ActivityKind::Result);
        let shape: Vec<(&str, Vec<&str>)> = groups
            .iter()
            .map(|g| {
                (
                    g.topic.as_str(),
                    g.items.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(shape, [("B", vec!["1", "4"]), ("A", vec!["2"])]);
    }
}
