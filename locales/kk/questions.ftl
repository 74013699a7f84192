# Сұрақтар, олардың батырмалары және қысқа атаулары (жиынтық пен «өзгерту» батырмалары үшін).

q-stage = Сізге қай құжат керек?
opt-stage-permit = Тұрақты тұруға рұқсат
opt-stage-card = Тұруға ықтиярхат (рұқсатым бар)
opt-stage-both = Екеуі де, бірінен соң бірі
name-stage = Құжат

q-citizenship = Азаматтығыңыз қандай?
opt-citizenship-cn = 🇨🇳 Қытай
opt-citizenship-ru = 🇷🇺 Ресей
opt-citizenship-uz = 🇺🇿 Өзбекстан
opt-citizenship-kg = 🇰🇬 Қырғызстан
opt-citizenship-tj = 🇹🇯 Тәжікстан
opt-citizenship-tm = 🇹🇲 Түрікменстан
opt-citizenship-mn = 🇲🇳 Моңғолия
opt-citizenship-other = 🌍 Басқа ел
opt-citizenship-stateless = Азаматтығы жоқ адам
opt-citizenship-kz = 🇰🇿 Қазақстан
name-citizenship = Азаматтық

q-ethnic-kazakh = Сіз этникалық қазақсыз ба?
name-ethnic-kazakh = Этникалық қазақ

q-refugee = Сізде Қазақстан Республикасында босқын мәртебесі бар ма?
name-refugee = Қазақстандағы босқын мәртебесі

opt-yes = Иә
opt-no = Жоқ

q-age = Жасыңыз нешеде? Санмен жазыңыз (мысалы, 35) немесе туған күніңізді КК.АА.ЖЖЖЖ түрінде жіберіңіз.
name-age = Жас

q-children = Сізбен бірге Қазақстанға 14 пен 18 жас аралығындағы балалар көше ме?
name-children = 14–18 жастағы балалар

q-solvency = Төлем қабілеттілігіңізді қалай растайсыз?
opt-solvency-own = Өз қаражатыммен
opt-solvency-contract = Жеке немесе заңды тұлғамен жасалған шартпен
name-solvency = Төлем қабілеттілігі

q-expiry =
    { $document ->
        [stateless] Азаматтығы жоқ адам құжатыңыздың
       *[passport] Төлқұжатыңыздың (паспортыңыздың)
    } қолданылу мерзімі қашан аяқталады? Күнді жазыңыз, мысалы 15.03.2031 немесе 2031 жылғы 15 наурыз.
name-expiry = { $document ->
    [stateless] Құжаттың мерзімі
   *[passport] Төлқұжаттың мерзімі
}
