//! A bounded load on 127.0.0.1: every answer a 200 or the expected 404.

use crate::helpers::spawn_app;

#[test]
fn a_bounded_load_gets_no_errors() {
    let app = spawn_app();
    const THREADS: usize = 8;
    const PER_THREAD: usize = 40;
    let paths = [
        "/",
        "/ban-le",
        "/xuat-nhap-khau",
        "/ban-tin",
        "/bieu-do/co-cau-ban-le.svg",
        "/static/css/site.css",
        "/api/v1/observations?indicator=retail.total",
        "/khong-co",
    ];
    let statuses: Vec<Vec<u16>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let app = &app;
                scope.spawn(move || {
                    (0..PER_THREAD)
                        .map(|i| app.get(paths[(t + i) % paths.len()]).status)
                        .collect::<Vec<u16>>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let all: Vec<u16> = statuses.into_iter().flatten().collect();
    assert_eq!(all.len(), THREADS * PER_THREAD);
    assert!(all.iter().all(|s| *s == 200 || *s == 404), "{all:?}");
    assert_eq!(
        all.iter().filter(|s| **s == 404).count(),
        THREADS * PER_THREAD / paths.len()
    );
}
