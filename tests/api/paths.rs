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
