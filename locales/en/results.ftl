# The results: stage 1 (permit for permanent residence) and stage 2 (residence permit card).

result-permit-title = 📋 Stage 1. Permit for permanent residence
result-permit-where = The permit is issued by the migration service of the police. The main requirement is to prove your solvency. Documents to submit:
doc-application-form = Application form for permanent residence in the Republic of Kazakhstan.
doc-identity-document = { $document ->
    [stateless] Your stateless person's document, copy and original (for verification). On the day you apply, more than { $days } calendar days of validity must remain.
   *[passport] Your foreign passport, copy and original (for verification). On the day you apply, more than { $days } calendar days of validity must remain.
}
doc-solvency = A document confirming your solvency, under the rules for foreigners and stateless persons applying for permanent residence in the Republic of Kazakhstan.
doc-criminal-record = A criminal record certificate (on the presence or absence of a criminal record) from your country of citizenship and/or permanent residence, issued by its competent authority and valid for no more than { $days } calendar days.
doc-child-consent-applicant = Your own notarized consent to permanent residence in the Republic of Kazakhstan: as you are aged 14 to 18, you give it yourself.
doc-child-consent-children = The notarized consent of each child aged 14 to 18 to permanent residence in the Republic of Kazakhstan.
doc-notarized-contract = A notarized contract with an individual or legal entity, since you confirm your solvency through such a contract.
result-criminal-record-not-required = { $reason ->
    [refugee] A criminal record certificate is not required from you: persons with refugee status in the Republic of Kazakhstan are exempt, unless an international treaty provides otherwise.
   *[ethnic-kazakh] A criminal record certificate is not required from you: ethnic Kazakhs who are citizens of the People's Republic of China are exempt, unless an international treaty provides otherwise.
}
passport-valid = ✅ Your { $document ->
    [stateless] document
   *[passport] passport
} is valid for another { $days } days: it meets the 180-day rule if you submit your documents by { $last_day } at the latest.
passport-too-short = ⚠️ { $days ->
    [0] Your { $document ->
        [stateless] document
       *[passport] passport
    } expires today
    [one] Your { $document ->
        [stateless] document
       *[passport] passport
    } expires tomorrow
   *[other] Only { $days } days are left until your { $document ->
        [stateless] document
       *[passport] passport
    } expires
}, and on the day you apply more than { $min_days } days of validity must remain. Get a new { $document ->
    [stateless] document
   *[passport] passport
} first, then apply with it.
passport-expired = ⚠️ Your { $document ->
    [stateless] document
   *[passport] passport
} expired on { $date }. Get a new one first: an application is accepted only with a { $document ->
    [stateless] document
   *[passport] passport
} that has more than { $min_days } days of validity left.
result-permit-after = After a positive decision on your application you will be registered at your permanent place of residence. Then comes stage 2: the residence permit card.

result-card-title = 🪪 Stage 2. Residence permit card
result-card-not-needed = { $age ->
    [0] Children under { $min_age } do not require a residence permit card, so a baby under one year old needs none. It will be needed at the age of { $min_age }.
   *[other] You are { $age }: children under { $min_age } do not require a residence permit card. You will need it once you are { $min_age }.
}
result-card-who = Foreigners staying in Kazakhstan on a "permanent residence" visa can get the residence permit card from the age of { $min_age }. Submit in person to the state body:
doc-state-duty = Proof of payment of the state duty.
doc-photographs = 2 photographs of the required size.
doc-national-passport = A valid national passport.
result-card-stateless-note = The guide names only a national passport. As a stateless person, ask the office which document you will receive and what you submit in place of the passport.
result-card-passport-invalid = ⚠️ Your { $document ->
    [stateless] document
   *[passport] passport
} has expired: the residence permit card is issued only with a valid one. Get a new one first.
result-card-status-kept = While your new residence permit card is being processed, you keep your status of permanent resident in Kazakhstan.
result-card-issue = { $when ->
    [today] The residence permit card is issued within { $days } calendar days after you submit the documents: if you submit today, by { $date }.
   *[later] The residence permit card is issued within { $days } calendar days after you submit the documents for it.
}
result-card-valid = The residence permit card is issued for { $years } years.

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
why-card = Every applicant for the residence permit card submits it (it is issued from the age of { $min_age }).
# A text the firm wrote in its content folder, and the reason shown for its extra documents.
content-text = { $text }
why-extra = The office asks for it.
