# Фирманың мазмұн қалтасы қосатыны: оның сұрақтарындағы қателер, мерзімі бар
# құжаттары туралы еске салу және қызметкерлерге мазмұн туралы хабар.

content-error-date-past = { $date } — өтіп кеткен күн. Бүгінгі немесе одан кейінгі күнді жіберіңіз.
reminders-item-document = { $date }: { $what ->
    [document-passed] «{ $name }» құжатының соңғы күні өтті ({ $deadline })
   *[document-soon] «{ $name }» құжатының соңғы күні: { $deadline }
}
remind-document-soon = ⏰ Еске салу: «{ $name }» құжатын { $last_day } күнін қоса алғанда тапсыруға болады ({ $days ->
    [0] бұл бүгін
   *[other] { $days } күн қалды
}).
remind-document-passed = ⚠️ «{ $name }» құжатының соңғы күні { $last_day } болды: құжаттарды тапсырар алдында не істеу керектігін кеңседен сұраңыз.
sheet-document-last-day = { $name }: { $last_day } күнін қоса алғанда тапсыруға болады.
handover-card-document-last-day = { $name }: { $last_day } күнін қоса алғанда.

stats-by-answer = Фирма сұрақтары бойынша, нәтижеге жеткендер:
stats-answer = { $question }: { $answer }
stats-text = { $text }
stats-content = 📚 Мазмұн: тізімнің тексерілген күні — { $checked } ({ $days } күн бұрын); келесі тексеру — { $due }.
stats-content-overdue = ⚠️ Мазмұн: тізімнің тексерілген күні — { $checked } ({ $days } күн бұрын); тексеру мерзімі ({ $due }) өтіп кетті. Дереккөздерді тексеріп, review.toml файлын жаңартыңыз да, ботқа SIGHUP жіберіңіз.
stats-content-guide = 📚 Мазмұн: тек фирма нұсқаулығы, тізімдер онымен { $checked } күні салыстырылған. Оларды мазмұн қалтасымен (BOT_CONTENT_DIR) жаңартуға болады: docs/staff.md, «Keeping the content current» бөлімін қараңыз.
content-review-due =
    ⏰ Құжаттар тізімін тексеретін уақыт келді.
    Соңғы тексеру { $checked } күні болды, { $days } күн бұрын; оны { $every } күн сайын тексеру керек.
    sources.toml файлындағы әр дереккөзді ашып, тізіммен салыстырыңыз, өзгергенін түзетіңіз, review.toml файлына бүгінгі күнді жазыңыз (reviewed = …) және ботқа SIGHUP жіберіңіз. Оған дейін аптасына бір рет еске салып тұрамын.
