//! SIGTERM and SIGINT let requests in flight finish; the log and HSTS of
//! the real binary.

use std::io::Write;
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use super::{get_raw, kept_alive_connection, read_answer, serve_binary, wait_for_exit};

#[test]
fn sigterm_and_sigint_finish_requests_in_flight_and_exit_0() {
    for signal in ["TERM", "INT"] {
        let mut served = serve_binary();
        // Rasterising a PNG takes long enough to be in flight when the
        // signal comes. It is asked for on a connection the server has
        // already answered once: a connection still waiting to be taken up
        // by a worker is dropped at shutdown (actix-server's behaviour), and
        // on a busy machine a fresh one can wait for longer than any pause.
        let mut connection = kept_alive_connection(&served.address);
        connection
            .write_all(b"GET /bieu-do/co-cau-ban-le.png HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .unwrap();
        let in_flight = std::thread::spawn(move || read_answer(connection));
        std::thread::sleep(Duration::from_millis(50));
        let killed = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(served.child.id().to_string())
            .status()
            .unwrap();
        assert!(killed.success());
        let answer = in_flight.join().unwrap();
        assert_eq!(answer.status, 200, "SIG{signal}");
        assert!(
            answer.body.starts_with(b"\x89PNG"),
            "SIG{signal}: the PNG was cut"
        );
        let status = wait_for_exit(&mut served.child, Duration::from_secs(10));
        assert!(status.success(), "SIG{signal}: {status}");
        // New connections are refused once it has stopped.
        let address = served.address.trim_start_matches("http://");
        assert!(TcpStream::connect(address).is_err(), "SIG{signal}");
        let log: Vec<String> = served.log.try_iter().collect();
        let log = log.join("\n");
        // One line per request: method, path, status, duration; no
        // colour codes in a log that is not a terminal; the default http
        // base URL sends no HSTS (checked below).
        assert!(
            log.contains("method=GET path=/bieu-do/co-cau-ban-le.png status=200 micros="),
            "{log}"
        );
        assert!(!log.contains('\u{1b}'), "{log}");
        assert!(log.contains(&format!("signal=\"SIG{signal}\"")), "{log}");
    }
}

#[test]
fn an_http_base_url_sends_no_hsts() {
    let mut served = serve_binary();
    let raw = get_raw(&served.address, "/");
    assert_eq!(raw.status, 200);
    assert_eq!(raw.header("strict-transport-security"), None);
    let _ = Command::new("kill")
        .arg(served.child.id().to_string())
        .status();
    wait_for_exit(&mut served.child, Duration::from_secs(10));
}
