use crate::helpers::{spawn_app, text, texts};

#[test]
fn an_unknown_path_answers_a_vietnamese_404_page() {
    let app = spawn_app();
    for path in [
        "/khong-co",
        "/ban-le/them",
        "/bieu-do/khong-co.svg",
        "/bieu-do/co-cau-ban-le.pdf",
        "/nhung/khong-co",
    ] {
        let fetched = app.get(path);
        assert_eq!(fetched.status, 404, "{path}");
        assert!(fetched.content_type.starts_with("text/html"), "{path}");
        let html = fetched.html();
        assert_eq!(text(&html, "h1"), "Không tìm thấy trang", "{path}");
        assert_eq!(
            html.select(&crate::helpers::selector("html"))
                .next()
                .and_then(|h| h.value().attr("lang")),
            Some("vi")
        );
    }
}

#[test]
fn a_year_without_figures_answers_404_naming_the_year_and_the_years_there_are() {
    let app = spawn_app();
    for path in [
        "/?nam=2019",
        "/ban-le?nam=2030",
        "/bieu-do/co-cau-ban-le.svg?nam=2019",
    ] {
        let fetched = app.get(path);
        assert_eq!(fetched.status, 404, "{path}");
        let html = fetched.html();
        assert!(
            text(&html, "h1").starts_with("Chưa có số liệu năm"),
            "{path}"
        );
        assert_eq!(texts(&html, ".year-list a"), ["Năm 2023"], "{path}");
    }
}

#[test]
fn a_year_that_is_not_a_year_answers_400_in_vietnamese() {
    let app = spawn_app();
    for path in [
        "/?nam=abc",
        "/?nam=23",
        "/?nam=99999",
        "/?nam=1500",
        "/?nam=2023&nam=2024",
        "/xuat-nhap-khau?nam=%FF",
        "/bieu-do/can-can-thuong-mai.svg?nam=-1",
    ] {
        let fetched = app.get(path);
        assert_eq!(fetched.status, 400, "{path}");
        let html = fetched.html();
        assert_eq!(text(&html, "h1"), "Yêu cầu không hợp lệ", "{path}");
    }
}

#[test]
fn a_server_fault_answers_a_vietnamese_500_page_without_details() {
    let app = spawn_app();
    assert_eq!(app.get("/").status, 200);
    // Damage a stored figure behind the running server's back.
    let connection = rusqlite::Connection::open(&app.db).expect("the test database opens");
    connection
        .execute(
            "UPDATE figure SET value = 'không phải số' WHERE indicator = 'retail.total'",
            [],
        )
        .expect("the figure is damaged");
    let fetched = app.get("/ban-le");
    assert_eq!(fetched.status, 500);
    let html = fetched.html();
    assert_eq!(text(&html, "h1"), "Lỗi máy chủ");
    assert!(
        !fetched.body.contains("không phải số"),
        "the page leaks the cause"
    );
    assert!(
        !fetched.body.contains("retail.total"),
        "the page leaks the cause"
    );
}
