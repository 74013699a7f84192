# Фирма қызметкерлеріне арналған мәтіндер (BOT_ADMINS тізіміндегі пайдаланушылар): статистика, сілтемелер және QR-кодтар.

cmd-stats = Статистика мен диаграмма (қызметкерлерге)
cmd-link = Басып шығаруға сілтеме мен QR-код (қызметкерлерге)

stats-title = 📊 Кеңестер басталған күні бойынша (Қазақстан уақыты): бүгін · 7 күн · 30 күн
stats-started = Басталды: { $today } · { $week } · { $month }
stats-finished = Нәтижеге жетті: { $today } · { $week } · { $month }
stats-ticked = Белгіленген құжаттар: { $today } · { $week } · { $month }
stats-reminders-on = Еске салуды қосқандар: { $today } · { $week } · { $month }
stats-in-progress = Жалғасуда: { $today } · { $week } · { $month }
stats-abandoned = Аяқталмай қалды: { $today } · { $week } · { $month }
stats-by-language = Тіл бойынша, басталғандар:
stats-by-stage = Құжат бойынша, нәтижеге жеткендер:
stats-by-citizenship = Азаматтық бойынша, нәтижеге жеткендер:
stats-by-tag = Сілтеме белгісі бойынша, басталғандар (жақшада — олардың 30 күнде нәтижеге жеткені):
stats-row = { $name }: { $today } · { $week } · { $month }
stats-tag-row = { $name }: { $today } · { $week } · { $month } ({ $finished })
stats-nothing = —
stats-no-language = тіл әлі таңдалмаған
stats-no-tag = белгісі жоқ
stats-more-tags = …тағы { $count } белгі
stats-stage-permit = Тұрақты тұруға рұқсат
stats-stage-card = Тұруға ықтиярхат
stats-stage-both = Екі құжат та
stats-note = Жалғасуда: бүгін немесе кеше басталған, нәтиже әлі жоқ. Аяқталмай қалды: кешеден бұрын басталған, нәтиже жоқ. Тек сандар сақталады: чат нөмірлері, есімдер мен жауаптар сақталмайды.
stats-chart-failed = Бұл жолы диаграмманы салу мүмкін болмады; жоғарыдағы сандар толық.

group-china = Қытай
group-russia = Ресей
group-central-asia = Орталық Азия (Өзбекстан, Қырғызстан, Тәжікстан, Түрікменстан)
group-mongolia = Моңғолия
group-other = Басқа елдер
group-stateless = Азаматтығы жоқ адамдар

chart-title = Соңғы 30 күндегі кеңестер, басталған күні бойынша
chart-started = Басталды
chart-finished = Нәтижеге жетті
chart-tags-title = Ең жиі қолданылған сілтеме белгілері: 30 күнде басталғандар

link-caption =
    { $link }
    Ботты мына тілде ашады: { $language }
    Белгі: { $tag } (/stats осы сілтеме арқылы келген кеңестерді осы белгімен санайды)
link-caption-untagged =
    { $link }
    Ботты мына тілде ашады: { $language }
    Белгі жоқ: сілтеменің нәтижесін /stats ішінде көру үшін белгі қосыңыз, мысалы: /link ru almaty_office
link-usage = Былай жазыңыз: /link [kk|ru|en] [белгі], мысалы: /link ru almaty_office. Белгіні көрсетпеуге болады.
link-tag-characters = Белгіде тек латын әріптері, цифрлар және _ болуы мүмкін (Telegram сілтемеде басқасына рұқсат етпейді), сондықтан «{ $tag }» жарамайды. Мысалы: almaty_office.
link-tag-too-long = Бұл белгі { $length } таңбадан тұрады, ал сілтемеге ең көбі { $max } таңба сыяды (Telegram тілмен бірге 64 таңбаға рұқсат етеді).
