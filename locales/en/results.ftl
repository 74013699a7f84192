# The results: stage 1 (permit for permanent residence) and stage 2 (residence permit card).

result-permit-title = 📋 Stage 1. Permit for permanent residence
result-permit-where = The permit is issued by the migration service of the police. The main requirement is to prove your solvency. Documents to submit:
doc-application-form = Application form for permanent residence in the Republic of Kazakhstan.
doc-identity-document = { $document ->
    [stateless] Your stateless person's document, copy and original (for verification). The 180-day rule: on the day you apply, it must have more than { $days } calendar days of validity left.
   *[passport] Your foreign passport, copy and original (for verification). The 180-day rule: on the day you apply, it must have more than { $days } calendar days of validity left.
}
# $rules: "short" in the chat, "full" (the Rules' whole title) in the printable list.
doc-solvency = { $rules ->
    [full] Proof of solvency in accordance with the Rules for Confirmation of Solvency by Foreigners and Stateless Persons Applying for Permanent Residence in the Republic of Kazakhstan.
   *[short] Proof of solvency in accordance with the Rules for Confirmation of Solvency.
}
doc-criminal-record = A criminal record certificate issued by the competent authority of your country of citizenship and/or permanent residence, with a validity period not exceeding { $days } calendar days.
doc-child-consent-applicant = Your notarized consent to permanent residence in the Republic of Kazakhstan: you are 14 or over but under 18, so you give it yourself.
doc-child-consent-children = The notarized consent to permanent residence in the Republic of Kazakhstan of each child aged 14 or over but under 18.
doc-notarized-contract = A notarized contract with an individual or legal entity.
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
}, so it does not meet the 180-day rule. Get a new { $document ->
    [stateless] document
   *[passport] passport
} first, then apply with it.
passport-expired = ⚠️ Your { $document ->
    [stateless] document
   *[passport] passport
} expired on { $date }. Get a new one first: on the day you apply, it must meet the 180-day rule.
result-permit-after = After a positive decision on your application you will be registered at your permanent place of residence. Then comes stage 2: the residence permit card.

result-card-title = 🪪 Stage 2. Residence permit card
result-card-not-needed = { $age ->
    [0] Children under { $min_age } do not require a residence permit card: the child will need one from the age of { $min_age }.
   *[other] You are { $age }: children under { $min_age } do not require a residence permit card. You will need one from the age of { $min_age }.
}
result-card-who = Foreigners staying in Kazakhstan on a "permanent residence" visa can get the residence permit card from the age of { $min_age }. Submit in person to the state body:
doc-state-duty = Proof of payment of the state duty.
doc-photographs = 2 photographs of the required size.
doc-national-passport = { $document ->
    [stateless] A document in place of a passport: the guide names only a valid national passport, so ask the office what to submit and which document you will receive.
   *[passport] A valid national passport. If your country issues both an internal passport and a passport for travel abroad, ask the office which one to submit.
}
result-card-passport-invalid = ⚠️ Your { $document ->
    [stateless] document
   *[passport] passport
} has expired: the residence permit card is issued only with a valid one. Get a new one first.
result-card-status-kept = While your new residence permit card is being processed, you keep your status of permanent resident in Kazakhstan.
result-card-issue = { $when ->
    [today] The residence permit card is issued for { $years } years, within { $days } calendar days after you submit the documents: if you submit today, by { $date }.
   *[later] The residence permit card is issued for { $years } years, within { $days } calendar days after you submit the documents for it.
}

# Documents as the checklist (short) and the printable list (why) name them.
short-application-form = Application form
short-identity-document = { $document ->
    [stateless] Stateless person's document
   *[passport] Foreign passport
}
short-solvency = Proof of solvency
short-criminal-record = Criminal record certificate
short-child-consent-applicant = Your notarized consent
short-child-consent-children = Notarized consent of each child
short-notarized-contract = Notarized contract
short-state-duty = Payment of the state duty
short-photographs = 2 photographs
short-national-passport = { $document ->
    [stateless] Document in place of a passport
   *[passport] Valid national passport
}
why-everyone = Every applicant submits it.
why-criminal-record = Required unless you have refugee status in the Republic of Kazakhstan or are an ethnic Kazakh who is a citizen of the People's Republic of China.
why-child-consent-applicant = Because you are 14 or over but under 18.
why-child-consent-children = Because children aged 14 or over but under 18 are moving with you.
why-notarized-contract = Because you confirm your solvency through a contract.
why-card = Every applicant for the residence permit card submits it (it is issued from the age of { $min_age }).
# A text the firm wrote in its content folder, and the reason shown for its extra documents.
content-text = { $text }
why-extra = The office asks for it.
