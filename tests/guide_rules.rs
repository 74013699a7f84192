//! The firm's guide, rule by rule. Each test is named for the rule it checks.

use chrono::NaiveDate;
use kz_residence_bot::calendar::kazakhstan_date;
use kz_residence_bot::rules::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();

fn applicant() -> Applicant {
    Applicant {
        citizenship: Citizenship::Russia,
        ethnic_kazakh: false,
        refugee_in_kazakhstan: false,
        age: 35,
        children_14_to_18: false,
        solvency: Solvency::OwnMeans,
        document_expiry: date(2032, 1, 1),
    }
}

fn permit_documents(a: &Applicant) -> Vec<PermitDocument> {
    permanent_residence_permit(a, TODAY).documents
}

#[test]
fn every_applicant_submits_the_application_form_identity_document_and_solvency_document() {
    for citizenship in [
        Citizenship::China,
        Citizenship::Russia,
        Citizenship::OtherCountry,
        Citizenship::Stateless,
    ] {
        let docs = permit_documents(&Applicant {
            citizenship,
            ..applicant()
        });
        assert_eq!(docs[0], PermitDocument::ApplicationForm);
        assert!(matches!(docs[1], PermitDocument::IdentityDocument { .. }));
        assert_eq!(docs[2], PermitDocument::SolvencyDocument);
    }
}

#[test]
fn a_stateless_person_submits_the_stateless_persons_document_instead_of_a_passport() {
    let stateless = permit_documents(&Applicant {
        citizenship: Citizenship::Stateless,
        ..applicant()
    });
    assert!(stateless.contains(&PermitDocument::IdentityDocument { stateless: true }));
    let citizen = permit_documents(&applicant());
    assert!(citizen.contains(&PermitDocument::IdentityDocument { stateless: false }));
}

#[test]
fn criminal_record_certificate_is_required_by_default() {
    assert!(permit_documents(&applicant()).contains(&PermitDocument::CriminalRecordCertificate));
    assert_eq!(criminal_record_exemption(&applicant()), None);
}

#[test]
fn criminal_record_certificate_is_not_required_from_refugees_in_kazakhstan() {
    for citizenship in [
        Citizenship::Russia,
        Citizenship::Stateless,
        Citizenship::China,
    ] {
        let refugee = Applicant {
            citizenship,
            refugee_in_kazakhstan: true,
            ..applicant()
        };
        assert!(!permit_documents(&refugee).contains(&PermitDocument::CriminalRecordCertificate));
        assert_eq!(
            criminal_record_exemption(&refugee),
            Some(CriminalRecordExemption::RefugeeInKazakhstan)
        );
    }
}

#[test]
fn criminal_record_certificate_is_not_required_from_ethnic_kazakh_citizens_of_china() {
    let ethnic_kazakh = Applicant {
        citizenship: Citizenship::China,
        ethnic_kazakh: true,
        ..applicant()
    };
    assert!(!permit_documents(&ethnic_kazakh).contains(&PermitDocument::CriminalRecordCertificate));
    assert_eq!(
        criminal_record_exemption(&ethnic_kazakh),
        Some(CriminalRecordExemption::EthnicKazakhCitizenOfChina)
    );
}

#[test]
fn citizens_of_china_who_are_not_ethnic_kazakhs_need_the_criminal_record_certificate() {
    let chinese = Applicant {
        citizenship: Citizenship::China,
        ethnic_kazakh: false,
        ..applicant()
    };
    assert!(permit_documents(&chinese).contains(&PermitDocument::CriminalRecordCertificate));
}

#[test]
fn ethnic_kazakhs_of_other_citizenships_need_the_criminal_record_certificate() {
    // The exemption names citizens of the People's Republic of China only.
    for citizenship in [
        Citizenship::Mongolia,
        Citizenship::Uzbekistan,
        Citizenship::Russia,
    ] {
        let a = Applicant {
            citizenship,
            ethnic_kazakh: true,
            ..applicant()
        };
        assert!(permit_documents(&a).contains(&PermitDocument::CriminalRecordCertificate));
    }
}

#[test]
fn criminal_record_certificate_is_valid_for_no_more_than_180_calendar_days() {
    let issued = date(2026, 11, 24);
    for (submitted, valid) in [
        (date(2026, 11, 24), true),
        (date(2027, 5, 22), true),
        // 180 days after issue: the last day.
        (date(2027, 5, 23), true),
        (date(2027, 5, 24), false),
        (date(2028, 1, 1), false),
        // Not issued yet on the day of submission.
        (date(2026, 11, 23), false),
    ] {
        assert_eq!(
            criminal_record_certificate_valid_on(issued, submitted),
            valid,
            "issued {issued}, submitted {submitted}"
        );
    }
    assert_eq!(
        criminal_record_certificate_last_day(issued),
        date(2027, 5, 23)
    );
}

#[test]
fn notarized_consent_is_required_from_a_child_aged_14_to_18() {
    let cases = [
        (13, false),
        (14, true),
        (15, true),
        (16, true),
        (17, true),
        (18, false),
        (30, false),
    ];
    for (age, needs) in cases {
        let docs = permit_documents(&Applicant { age, ..applicant() });
        assert_eq!(
            docs.contains(&PermitDocument::NotarizedConsentOfChild(
                ConsentOf::Applicant
            )),
            needs,
            "age {age}"
        );
    }
}

#[test]
fn notarized_consent_of_children_aged_14_to_18_moving_with_the_applicant() {
    let with = permit_documents(&Applicant {
        children_14_to_18: true,
        ..applicant()
    });
    assert!(with.contains(&PermitDocument::NotarizedConsentOfChild(
        ConsentOf::Children
    )));
    let without = permit_documents(&applicant());
    assert!(
        !without
            .iter()
            .any(|d| matches!(d, PermitDocument::NotarizedConsentOfChild(_)))
    );
}

#[test]
fn notarized_contract_is_required_when_solvency_is_confirmed_through_a_contract() {
    let contract = permit_documents(&Applicant {
        solvency: Solvency::Contract,
        ..applicant()
    });
    assert!(contract.contains(&PermitDocument::NotarizedContract));
    assert!(!permit_documents(&applicant()).contains(&PermitDocument::NotarizedContract));
}

#[test]
fn documents_are_listed_in_the_guides_order() {
    let everything = Applicant {
        age: 15,
        children_14_to_18: true,
        solvency: Solvency::Contract,
        ..applicant()
    };
    assert_eq!(
        permit_documents(&everything),
        vec![
            PermitDocument::ApplicationForm,
            PermitDocument::IdentityDocument { stateless: false },
            PermitDocument::SolvencyDocument,
            PermitDocument::CriminalRecordCertificate,
            PermitDocument::NotarizedConsentOfChild(ConsentOf::Applicant),
            PermitDocument::NotarizedConsentOfChild(ConsentOf::Children),
            PermitDocument::NotarizedContract,
        ]
    );
}

#[test]
fn passport_must_be_valid_for_more_than_180_calendar_days_on_the_day_of_submission() {
    let day = |n: u64| TODAY.checked_add_days(chrono::Days::new(n)).unwrap();
    let cases = [
        (179, "too short"),
        (180, "too short"),
        (181, "valid"),
        (182, "valid"),
        (0, "too short"),
    ];
    for (days, expected) in cases {
        let check = passport_check(day(days), TODAY);
        let got = match check {
            PassportCheck::Valid { days_left, .. } => {
                assert_eq!(days_left, days as i64);
                "valid"
            }
            PassportCheck::TooShort { days_left } => {
                assert_eq!(days_left, days as i64);
                "too short"
            }
            PassportCheck::Expired { .. } => "expired",
        };
        assert_eq!(got, expected, "{days} days left");
    }
}

#[test]
fn an_expired_passport_is_reported_as_expired() {
    let yesterday = date(2026, 11, 23);
    assert_eq!(
        passport_check(yesterday, TODAY),
        PassportCheck::Expired {
            expired_on: yesterday
        }
    );
}

#[test]
fn the_last_day_to_submit_is_181_days_before_expiry() {
    let expiry = date(2027, 6, 1);
    let last = last_submission_day(expiry);
    assert_eq!(last, date(2026, 12, 2));
    assert!(matches!(
        passport_check(expiry, last),
        PassportCheck::Valid { days_left: 181, .. }
    ));
    let day_after = last.succ_opt().unwrap();
    assert!(matches!(
        passport_check(expiry, day_after),
        PassportCheck::TooShort { days_left: 180 }
    ));
}

#[test]
fn passport_check_reports_the_last_submission_day() {
    let expiry = date(2030, 1, 1);
    match passport_check(expiry, TODAY) {
        PassportCheck::Valid {
            last_submission_day,
            ..
        } => assert_eq!(last_submission_day, date(2029, 7, 4)),
        other => panic!("expected valid, got {other:?}"),
    }
}

#[test]
fn residence_permit_card_is_not_needed_under_16() {
    for age in [0, 13, 14, 15] {
        assert_eq!(
            residence_permit_card(age, None, TODAY),
            CardChecklist::NotNeededUnder16,
            "age {age}"
        );
    }
}

#[test]
fn residence_permit_card_is_issued_from_the_age_of_16() {
    for age in [16, 17, 18, 70] {
        assert!(
            matches!(
                residence_permit_card(age, None, TODAY),
                CardChecklist::Needed { .. }
            ),
            "age {age}"
        );
    }
}

#[test]
fn residence_permit_card_needs_state_duty_two_photographs_and_a_valid_national_passport() {
    let CardChecklist::Needed { documents, .. } = residence_permit_card(30, None, TODAY) else {
        panic!("needed at 30");
    };
    assert_eq!(
        documents,
        [
            CardDocument::StateDutyPayment,
            CardDocument::TwoPhotographs,
            CardDocument::ValidNationalPassport
        ]
    );
}

#[test]
fn residence_permit_card_is_issued_within_17_calendar_days() {
    let CardChecklist::Needed { ready_by, .. } = residence_permit_card(30, None, TODAY) else {
        panic!("needed at 30");
    };
    assert_eq!(ready_by, date(2026, 12, 11));
    // Across a month and a year boundary.
    assert_eq!(card_ready_by(date(2026, 12, 20)), date(2027, 1, 6));
    assert_eq!(card_ready_by(date(2028, 2, 20)), date(2028, 3, 8));
}

#[test]
fn residence_permit_card_needs_a_passport_valid_on_the_day_of_submission() {
    let valid = |expiry| match residence_permit_card(30, Some(expiry), TODAY) {
        CardChecklist::Needed {
            passport_valid_today,
            ..
        } => passport_valid_today,
        CardChecklist::NotNeededUnder16 => panic!("needed at 30"),
    };
    assert_eq!(valid(TODAY), Some(true));
    assert_eq!(valid(date(2026, 11, 23)), Some(false));
    assert_eq!(valid(date(2030, 1, 1)), Some(true));
}

#[test]
fn kazakhstan_time_is_utc_plus_5() {
    use chrono::{TimeZone, Utc};
    // 18:59 UTC is 23:59 in Almaty: still the same day.
    assert_eq!(
        kazakhstan_date(Utc.with_ymd_and_hms(2026, 11, 24, 18, 59, 0).unwrap()),
        date(2026, 11, 24)
    );
    // 19:00 UTC is midnight in Almaty: the next day.
    assert_eq!(
        kazakhstan_date(Utc.with_ymd_and_hms(2026, 11, 24, 19, 0, 0).unwrap()),
        date(2026, 11, 25)
    );
    // 04:00 UTC on 31 December is 09:00 in Almaty.
    assert_eq!(
        kazakhstan_date(Utc.with_ymd_and_hms(2026, 12, 31, 4, 0, 0).unwrap()),
        date(2026, 12, 31)
    );
}
