//! Every view has a path, and the query forms that links, embeds and
//! printed QR codes used before answer 301 to it.

use crate::hardening::get_raw;
use crate::helpers::{selector, spawn_app};

#[test]
fn query_forms_move_permanently_to_their_paths() {
    let app = spawn_app();
    for (asked, path) in [
        ("/?nam=2023", "/2023"),
        ("/ban-le?nam=2023&ky=ca-nam", "/ban-le/2023/ca-nam"),
        ("/ban-le?ngay=2024-01-01", "/ban-le/ngay-2024-01-01"),
        (
            "/xuat-nhap-khau?nam=2023&ngay=2024-01-01",
            "/xuat-nhap-khau/2023/ngay-2024-01-01",
        ),
        // Other parameters (a newsletter's tracking) are left behind.
        ("/ban-tin?nam=2023&utm_source=bao", "/ban-tin/2023"),
        (
            "/bieu-do/co-cau-ban-le?nam=2023",
            "/bieu-do/co-cau-ban-le/2023",
        ),
        (
            "/bieu-do/co-cau-ban-le.svg?nam=2023",
            "/bieu-do/co-cau-ban-le-2023.svg",
        ),
        (
            "/bieu-do/co-cau-ban-le.csv?nam=2023&ky=ca-nam&ngay=2024-01-01",
            "/bieu-do/co-cau-ban-le-2023-ca-nam-ngay-2024-01-01.csv",
        ),
        ("/nhung/co-cau-ban-le?nam=2023", "/nhung/co-cau-ban-le/2023"),
        (
            "/so-lieu/retail.total?nam=2023",
            "/so-lieu/retail.total/2023",
        ),
        // A view's path with a query on top: the query wins.
        (
            "/ban-le/2023?ngay=2024-01-01",
            "/ban-le/2023/ngay-2024-01-01",
        ),
    ] {
        let answer = get_raw(&app.address, asked);
        assert_eq!(answer.status, 301, "{asked}");
        assert_eq!(answer.header("location"), Some(path), "{asked}");
        assert_eq!(app.get(path).status, 200, "{path}");
    }
    // A period without its year names the newest year that has it, which
    // moves on as figures come out: not a permanent move.
    let answer = get_raw(&app.address, "/ban-le?ky=ca-nam");
    assert_eq!(answer.status, 302);
    assert_eq!(answer.header("location"), Some("/ban-le/2023/ca-nam"));
}

#[test]
fn a_query_that_names_no_view_is_refused_not_moved() {
    let app = spawn_app();
    for (asked, status) in [
        ("/?nam=abc", 400),
        ("/ban-le?ky=13-thang", 400),
        ("/ban-le?ngay=2024-02-30", 400),
        ("/ban-le?nam=2019", 404),
        ("/bieu-do/co-cau-ban-le.svg?nam=2050", 404),
        ("/so-lieu/khong-co?nam=2023", 404),
    ] {
        let answer = get_raw(&app.address, asked);
        assert_eq!(answer.status, status, "{asked}");
        assert_eq!(answer.header("location"), None, "{asked}");
    }
}

#[test]
fn pages_link_views_by_their_paths() {
    let app = spawn_app();
    let mut checked = 0;
    for page in [
        "/",
        "/ban-le/2023",
        "/bieu-do/co-cau-ban-le/2023",
        "/du-lieu",
    ] {
        let html = app.page(page);
        for element in html.select(&selector("[href], [src]")) {
            let link = element
                .value()
                .attr("href")
                .or(element.value().attr("src"))
                .unwrap_or_default();
            for old in ["nam=", "ky=", "ngay=", "?v="] {
                assert!(!link.contains(old), "{page}: {link}");
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} links");
}

#[test]
fn a_view_without_a_sections_figures_says_so_and_every_link_leads_somewhere() {
    // 2024 has exports for nine months and nothing else.
    let app = crate::helpers::spawn_app_with(|db| {
        crate::helpers::import(db, crate::helpers::SEED);
        crate::helpers::import(
            db,
            "indicator,year,value,period,status,published,source\n\
             trade.export,2024,700,m9,estimate,2024-09-30,Sở Công Thương\n",
        );
    });
    let html = app.page("/ban-le/2024/9-thang");
    assert_eq!(
        crate::helpers::text(&html, "#chua-co-so-lieu + p"),
        "Chưa có số liệu bán lẻ hàng hóa và doanh thu dịch vụ công bố cho 9 tháng năm 2024."
    );
    assert!(
        html.select(&selector("meta[name=robots][content=noindex]"))
            .next()
            .is_some()
    );
    // No chart of what is not there: its page says so, its files are none,
    // and no page shares it as an image.
    assert_eq!(app.get("/bieu-do/co-cau-ban-le/2024/9-thang").status, 200);
    assert_eq!(
        app.get("/bieu-do/co-cau-ban-le-2024-9-thang.svg").status,
        404
    );
    assert_eq!(app.get("/nhung/co-cau-ban-le/2024/9-thang").status, 404);
    // Every link on the pages of that view answers.
    let mut checked = 0;
    for page in crate::helpers::PAGES {
        let page = crate::helpers::in_view(page, "/2024/9-thang");
        let html = app.page(&page);
        for element in html.select(&selector("a[href], link[href], meta[content], img[src]")) {
            let link = ["href", "content", "src"]
                .iter()
                .find_map(|a| element.value().attr(a))
                .unwrap_or_default();
            let Some(path) = link
                .strip_prefix(crate::helpers::BASE_URL)
                .or(Some(link).filter(|l| l.starts_with('/')))
            else {
                continue;
            };
            let path = path.split('#').next().unwrap_or_default();
            if path.is_empty() || path.contains('?') {
                continue;
            }
            assert_eq!(app.get(path).status, 200, "{page} → {path}");
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} links");
}
