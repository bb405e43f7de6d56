use super::*;

fn store() -> (tempfile::TempDir, DraftStore) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = DraftStore::open(&dir.path().join("quan-tri.sqlite"), Clock::system())
        .expect("the drafts database");
    (dir, store)
}

#[test]
fn passwords_are_argon2id_and_normalised_once() {
    let (_dir, store) = store();
    let new = store.add_account("lan", Role::Editor).expect("an account");
    let hash = store.password_hash_of("lan").unwrap().unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    // The one-time password opens it; the owner then chooses their own,
    // typed with combining marks, and signs in typing it precomposed.
    let account = store
        .authenticate("lan", &new.one_time_password)
        .unwrap()
        .expect("the one-time password");
    assert!(account.must_change);
    let decomposed = "Ha\u{300} Nô\u{323}i mu\u{300}a thu 2026";
    let precomposed = "Hà Nội mùa thu 2026";
    store
        .change_password(&account, &new.one_time_password, decomposed, decomposed)
        .expect("a good password");
    assert!(store.authenticate("lan", precomposed).unwrap().is_some());
    assert!(
        store
            .authenticate("lan", &new.one_time_password)
            .unwrap()
            .is_none()
    );
}

#[test]
fn password_rules() {
    assert_eq!(
        check_password("ngắn quá"),
        Err(PasswordProblem::TooShort(8))
    );
    assert!(matches!(
        check_password(&"a".repeat(129)),
        Err(PasswordProblem::TooLong(129))
    ));
    assert_eq!(check_password("Password1234"), Err(PasswordProblem::Common));
    assert_eq!(
        check_password("matkhau123456"),
        Err(PasswordProblem::Common)
    );
    // No composition rules: twelve lowercase letters with spaces will do.
    assert_eq!(check_password("ca phe sua da"), Ok(()));
}

#[test]
fn the_audit_log_refuses_update_and_delete_and_verify_finds_an_edit() {
    let (_dir, store) = store();
    store.add_account("lan", Role::Editor).unwrap();
    store.add_account("minh", Role::Approver).unwrap();
    let connection = store.connect().unwrap();
    let update = connection.execute("UPDATE audit SET actor = 'ai đó' WHERE id = 1", []);
    assert!(
        update
            .unwrap_err()
            .to_string()
            .contains("chỉ được ghi thêm")
    );
    let delete = connection.execute("DELETE FROM audit WHERE id = 1", []);
    assert!(
        delete
            .unwrap_err()
            .to_string()
            .contains("chỉ được ghi thêm")
    );
    assert_eq!(store.verify_audit().unwrap(), (2, vec![]));
    // Someone with the file drops the guard and edits a row.
    connection
        .execute_batch(
            "DROP TRIGGER audit_no_update; UPDATE audit SET after = 'vai trò duyet' WHERE id = 1;",
        )
        .unwrap();
    assert_eq!(
        store.verify_audit().unwrap().1,
        vec![Tampering::Edited { id: 1 }]
    );
    // And removes another.
    connection
        .execute_batch("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 1;")
        .unwrap();
    assert_eq!(
        store.verify_audit().unwrap().1,
        vec![Tampering::Broken { id: 2 }]
    );
}

#[test]
fn sessions_end_when_idle_too_long_or_the_account_is_disabled() {
    let (_dir, store) = store();
    let new = store.add_account("lan", Role::Editor).unwrap();
    let (id, _) = store.start_session(&new.account, "127.0.0.1").unwrap();
    let limits = SessionLimits::default();
    assert!(store.session(&id, limits).unwrap().is_some());
    store.clock().advance(29 * 60);
    assert!(
        store.session(&id, limits).unwrap().is_some(),
        "used within 30 minutes"
    );
    store.clock().advance(31 * 60);
    assert!(
        store.session(&id, limits).unwrap().is_none(),
        "idle for 31 minutes"
    );
    // Kept busy, a session still ends 10 hours after it began.
    let (id, _) = store.start_session(&new.account, "127.0.0.1").unwrap();
    for _ in 0..20 {
        store.clock().advance(29 * 60);
        assert!(store.session(&id, limits).unwrap().is_some(), "in use");
    }
    store.clock().advance(29 * 60);
    assert!(
        store.session(&id, limits).unwrap().is_none(),
        "past 10 hours"
    );
    let (id, _) = store.start_session(&new.account, "127.0.0.1").unwrap();
    store.disable_account("lan").unwrap();
    assert!(store.session(&id, limits).unwrap().is_none());
    assert!(
        store
            .authenticate("lan", &new.one_time_password)
            .unwrap()
            .is_none()
    );
}

#[test]
fn four_eyes_and_step_order() {
    let (_dir, store) = store();
    let lan = store.add_account("lan", Role::Editor).unwrap().account;
    let minh = store.add_account("minh", Role::Approver).unwrap().account;
    let set = store
        .create_change_set(&minh, "Tháng 10", ChangeKind::Release, "")
        .unwrap();
    let rows = "indicator,year,value\nexport.total,2026,3087.5\n";
    let set = store
        .save_change_set(&minh, set.id, set.version, "Tháng 10", "", rows, "tải lên")
        .unwrap();
    // Approving before it is submitted.
    assert!(matches!(
        store.approve(&minh, set.id, set.version),
        Err(DraftError::Step(_))
    ));
    let set = store.submit(&minh, set.id, set.version).unwrap();
    // Its maker cannot approve it.
    assert!(matches!(
        store.approve(&minh, set.id, set.version),
        Err(DraftError::FourEyes)
    ));
    // An editor cannot approve at all.
    assert!(matches!(
        store.approve(&lan, set.id, set.version),
        Err(DraftError::Forbidden(_))
    ));
    // Lan edits it: back to draft; a save from the old version is a conflict.
    let edited = store
        .save_change_set(&lan, set.id, set.version, "Tháng 10", "", rows, "sửa")
        .unwrap();
    assert_eq!(edited.status, ChangeSetStatus::Draft);
    assert!(matches!(
        store.save_change_set(&minh, set.id, set.version, "x", "", rows, "sửa"),
        Err(DraftError::Conflict { .. })
    ));
    let submitted = store.submit(&lan, edited.id, edited.version).unwrap();
    let other = store.add_account("hoa", Role::Approver).unwrap().account;
    let approved = store
        .approve(&other, submitted.id, submitted.version)
        .unwrap();
    assert!(approved.approval_holds());
    // An edit after approval voids it.
    let voided = store
        .save_change_set(
            &lan,
            approved.id,
            approved.version,
            "Tháng 10",
            "",
            rows,
            "sửa",
        )
        .unwrap();
    assert_eq!(voided.status, ChangeSetStatus::Draft);
    assert_eq!(voided.approved_hash, None);
    assert!(matches!(
        store.publish_change_set(&other, voided.id, voided.version, "", |_| Ok(String::new())),
        Err(DraftError::Step(_))
    ));
}
