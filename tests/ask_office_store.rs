//! What the store keeps for "Ask the office": a request and the indexes
//! that lead staff replies back to the applicant, across a reopened
//! store, and nothing left behind once a request is closed.

use kz_residence_bot::handover::is_reference;
use kz_residence_bot::lang::Lang;
use kz_residence_bot::store::{self, Durability, OpenRequest, Relayed, Request};

const STAFF: i64 = -1001234;

fn request(reference: &str, opened: i64, topic: Option<i32>) -> OpenRequest {
    OpenRequest {
        reference: reference.into(),
        opened,
        lang: Lang::Kazakh,
        staff_chat: STAFF,
        card: 11,
        topic,
        messages: vec![10, 11],
        applicant_seen: 5,
        staff_seen: 0,
    }
}

#[tokio::test]
async fn a_request_leads_back_from_its_card_topic_and_reference_even_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = store::open(dir.path(), Durability::Flushed).unwrap();
        let reference = store.new_reference().unwrap();
        assert!(is_reference(&reference), "{reference}");
        assert!(
            store
                .open_request(7, &request(&reference, 100, Some(9)))
                .await
                .unwrap()
        );
        // One at a time: a second open leaves the first as it was.
        assert!(
            !store
                .open_request(7, &request("ZZZZZZ", 200, None))
                .await
                .unwrap()
        );
        assert_eq!(store.applicant_of_reference("ZZZZZZ").unwrap(), None);
        let relayed = Relayed {
            staff_messages: &[12],
            applicant_message: Some(6),
            staff_message: None,
        };
        assert!(store.relayed(7, &reference, relayed).await.unwrap());
        // Something relayed for another (older) reference is not recorded.
        let stale = Relayed {
            staff_messages: &[13],
            ..Relayed::default()
        };
        assert!(!store.relayed(7, "ZZZZZZ", stale).await.unwrap());
    }
    // A restart: everything is where it was.
    let store = store::open(dir.path(), Durability::Flushed).unwrap();
    let Some(Request::Open(open)) = store.request(7).unwrap() else {
        panic!("the request survives a restart")
    };
    assert_eq!(open.messages, vec![10, 11, 12]);
    assert_eq!(open.applicant_seen, 6);
    for message in [10, 11, 12] {
        assert_eq!(store.applicant_of_message(STAFF, message).unwrap(), Some(7));
    }
    assert_eq!(store.applicant_of_message(STAFF, 13).unwrap(), None);
    // The same message id in another chat leads nowhere.
    assert_eq!(store.applicant_of_message(-100999, 11).unwrap(), None);
    assert_eq!(store.applicant_of_topic(STAFF, 9).unwrap(), Some(7));
    assert_eq!(
        store.applicant_of_reference(&open.reference).unwrap(),
        Some(7)
    );

    // "Close" from an older card closes nothing; the right one closes all.
    assert_eq!(store.close_request(7, Some("ZZZZZZ")).await.unwrap(), None);
    let closed = store.close_request(7, Some(&open.reference)).await.unwrap();
    assert_eq!(closed, Some(Request::Open(open.clone())));
    assert_eq!(store.request(7).unwrap(), None);
    for message in [10, 11, 12] {
        assert_eq!(store.applicant_of_message(STAFF, message).unwrap(), None);
    }
    assert_eq!(store.applicant_of_topic(STAFF, 9).unwrap(), None);
    assert_eq!(store.applicant_of_reference(&open.reference).unwrap(), None);
    // Relaying into a closed request records nothing.
    let late = Relayed {
        staff_messages: &[14],
        ..Relayed::default()
    };
    assert!(!store.relayed(7, &open.reference, late).await.unwrap());
    assert_eq!(store.applicant_of_message(STAFF, 14).unwrap(), None);
}

#[tokio::test]
async fn the_consent_screen_never_replaces_an_open_request_and_old_ones_are_found_for_the_sweep() {
    let dir = tempfile::tempdir().unwrap();
    let store = store::open(dir.path(), Durability::Background).unwrap();
    store.consenting(1, 50).await.unwrap();
    assert_eq!(
        store.request(1).unwrap(),
        Some(Request::Consenting { since: 50 })
    );
    store.consent_declined(1).await.unwrap();
    assert_eq!(store.request(1).unwrap(), None);

    assert!(
        store
            .open_request(2, &request("AAAAAA", 100, None))
            .await
            .unwrap()
    );
    store.consenting(2, 300).await.unwrap();
    store.consent_declined(2).await.unwrap();
    assert!(matches!(store.request(2).unwrap(), Some(Request::Open(_))));

    store.consenting(3, 400).await.unwrap();
    assert!(
        store
            .open_request(4, &request("BBBBBB", 500, None))
            .await
            .unwrap()
    );
    let mut old: Vec<i64> = store
        .requests_before(450)
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    old.sort();
    assert_eq!(old, vec![2, 3]);
    // Consenting, then consent given: the open request replaces the screen.
    assert!(
        store
            .open_request(3, &request("CCCCCC", 600, None))
            .await
            .unwrap()
    );
    assert!(matches!(store.request(3).unwrap(), Some(Request::Open(_))));
}
