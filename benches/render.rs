//! What answering costs, without the network: each route through the whole
//! application (routing, middleware, database, templates, charts) with the
//! response cache off ("uncached": every answer made afresh) and on
//! ("cached": the answer made once, then served from memory).
//!
//! `cargo bench --bench render`

use std::path::PathBuf;

use actix_web::test::{self, TestRequest};
use actix_web::web::Data;
use criterion::{Criterion, criterion_group, criterion_main};

use congthuong::db::{IfMissing, Store};
use congthuong::startup::{AppState, app};
use congthuong::web::cache::ResponseCache;
use congthuong::web::{Site, StaticDir, assets};

const ROUTES: [&str; 6] = [
    "/",
    "/ban-le",
    "/ban-tin",
    "/bieu-do/co-cau-ban-le.svg",
    "/bieu-do/co-cau-ban-le.png",
    "/static/css/site.css",
];

fn render(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (store, _) = Store::open_with(&dir.path().join("bench.sqlite"), IfMissing::Seed)
        .expect("the seed database");
    let store = Data::new(store);
    let static_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("static");
    assets::load(&static_dir).expect("the static files");
    let runtime = actix_web::rt::System::new();

    for (label, cached) in [("uncached", false), ("cached", true)] {
        let state = AppState {
            store: store.clone(),
            site: Data::new(Site::new("https://so-lieu.example.vn")),
            cache: cached.then(|| Data::new(ResponseCache::default())),
            // Uncached: every answer made from the database afresh.
            memo: cached,
            static_dir: StaticDir(static_dir.clone()),
        };
        let service = runtime.block_on(test::init_service(app(state)));
        let mut group = c.benchmark_group(label);
        group.sample_size(20);
        for route in ROUTES {
            group.bench_function(route, |b| {
                b.iter(|| {
                    runtime.block_on(async {
                        let request = TestRequest::get()
                            .uri(route)
                            .insert_header(("accept-encoding", "br, gzip"))
                            .to_request();
                        let response = test::call_service(&service, request).await;
                        assert!(response.status().is_success(), "{route}");
                        test::read_body(response).await
                    })
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, render);
criterion_main!(benches);
