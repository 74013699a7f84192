# The questions, their buttons, and their short names (summary, "change" buttons).

q-stage = Which document do you need? The residence permit card comes second, once you have the permit for permanent residence.
opt-stage-permit = Permit for permanent residence
opt-stage-card = Residence permit card
opt-stage-both = Both, one after the other
name-stage = Document

q-citizenship = What is your citizenship?
opt-citizenship-cn = 🇨🇳 China
opt-citizenship-ru = 🇷🇺 Russia
opt-citizenship-uz = 🇺🇿 Uzbekistan
opt-citizenship-kg = 🇰🇬 Kyrgyzstan
opt-citizenship-tj = 🇹🇯 Tajikistan
opt-citizenship-tm = 🇹🇲 Turkmenistan
opt-citizenship-mn = 🇲🇳 Mongolia
opt-citizenship-other = 🌍 Other country
opt-citizenship-stateless = Stateless person
opt-citizenship-kz = 🇰🇿 Kazakhstan
name-citizenship = Citizenship

q-ethnic-kazakh = Are you an ethnic Kazakh?
name-ethnic-kazakh = Ethnic Kazakh

q-refugee = Do you have refugee status in the Republic of Kazakhstan?
name-refugee = Refugee status in Kazakhstan

opt-yes = Yes
opt-no = No

q-age = How old are you? Send a number (for example 35) or your date of birth (DD.MM.YYYY).
name-age = Age

q-children = Are any children aged 14 or over but under 18 moving to Kazakhstan with you?
name-children = Children from 14 until 18

q-solvency = How will you confirm your solvency: with your own funds, or with a contract with an individual or legal entity?
opt-solvency-own = With my own funds
opt-solvency-contract = With a contract
name-solvency = Solvency

q-expiry =
    When does your { $document ->
        [stateless] stateless person's document
       *[passport] passport
    } expire? Send the date, for example 15.03.2031 or 15 March 2031.
name-expiry = { $document ->
    [stateless] Document valid until
   *[passport] Passport valid until
}
