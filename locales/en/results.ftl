# The results: stage 1 (permit for permanent residence) and stage 2 (residence permit card).

result-permit-title = 📋 Stage 1. Permit for permanent residence
result-permit-where = The permit is issued by the migration service of the police. The main requirement is to prove your solvency. Documents to submit:
doc-application-form = Application form for permanent residence in the Republic of Kazakhstan.
doc-identity-document = { $document ->
    [stateless] Your stateless person's document, copy and original (for verification). On the day you submit it must be valid for more than { $days } calendar days.
   *[passport] Your foreign passport, copy and original (for verification). On the day you submit it must be valid for more than { $days } calendar days.
}
doc-solvency = A document confirming your solvency, under the rules for foreigners and stateless persons applying for permanent residence in the Republic of Kazakhstan.
doc-criminal-record = A criminal record certificate (certificate of no criminal record) from your country of citizenship and/or permanent residence, issued by its competent authority, not older than { $days } calendar days.
doc-child-consent-applicant = Your notarized consent to permanent residence in the Republic of Kazakhstan: it is required from a child aged 14 to 18.
doc-child-consent-children = The notarized consent of each child aged 14 to 18 to permanent residence in the Republic of Kazakhstan.
doc-notarized-contract = A notarized contract with an individual or a legal entity, as you confirm your solvency through one.
result-criminal-record-not-required = { $reason ->
    [refugee] A criminal record certificate is not required from you: persons with refugee status in the Republic of Kazakhstan are exempt, unless an international treaty provides otherwise.
   *[ethnic-kazakh] A criminal record certificate is not required from you: ethnic Kazakhs who are citizens of the People's Republic of China are exempt, unless an international treaty provides otherwise.
}
passport-valid = ✅ Your { $document ->
    [stateless] document
   *[passport] passport
} is valid for another { $days } days. It meets the rule if you submit by { $last_day } at the latest.
passport-too-short = ⚠️ Your { $document ->
    [stateless] document
   *[passport] passport
} is valid for only { $days ->
    [one] { $days } more day
   *[other] { $days } more days
}, and on the day of submission more than { $min_days } are required. Get a new { $document ->
    [stateless] document
   *[passport] passport
} first, then apply with it.
passport-expired = ⚠️ Your { $document ->
    [stateless] document
   *[passport] passport
} expired on { $date }. Get a new one first: an application is accepted only with a { $document ->
    [stateless] document
   *[passport] passport
} valid for more than { $min_days } days.
result-permit-after = After a positive decision on your application you will be registered at your permanent place of residence. Then comes stage 2: the residence permit card.

result-card-title = 🪪 Stage 2. Residence permit card
result-card-not-needed = You are { $age }: children under { $min_age } do not require a residence permit. You will need the card once you are { $min_age }.
result-card-who = Foreigners staying in Kazakhstan on a "permanent residence" visa can get the residence permit, from the age of { $min_age }. Submit in person to the state body:
doc-state-duty = A document on payment of the state duty.
doc-photographs = 2 photographs of the required size.
doc-national-passport = A valid national passport.
result-card-stateless-note = The guide names a national passport; as a stateless person, ask the office which document you submit in its place.
result-card-passport-invalid = ⚠️ Your { $document ->
    [stateless] document
   *[passport] passport
} has expired: the card is issued only with a valid one. Get a new one first.
result-card-status-kept = While the new residence permit is being made, you keep your status of permanent resident in Kazakhstan.
result-card-issue = The residence permit is issued within { $days } calendar days after you submit the documents: if you submit today, by { $date }.
result-card-valid = The residence permit is issued for { $years } years.

# Documents as the checklist (short) and the printable list (why) name them.
short-application-form = Application form
short-identity-document = { $document ->
    [stateless] Stateless person's document
   *[passport] Foreign passport
}
short-solvency = Proof of solvency
short-criminal-record = Criminal record certificate
short-child-consent-applicant = Your notarized consent
short-child-consent-children = Children's notarized consents
short-notarized-contract = Notarized contract
short-state-duty = Proof of payment of the state duty
short-photographs = 2 photographs
short-national-passport = Valid national passport
why-everyone = Every applicant submits it.
why-criminal-record = Required unless you have refugee status in Kazakhstan or are an ethnic Kazakh citizen of China.
why-child-consent-applicant = Because you are aged 14 to 18.
why-child-consent-children = Because children aged 14 to 18 are moving with you.
why-notarized-contract = Because you confirm your solvency through a contract.
why-card = Every applicant for the card submits it (the card is issued from the age of { $min_age }).
