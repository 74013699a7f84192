# Что добавляет папка содержимого фирмы: ошибки в её вопросах, напоминания
# о её документах со сроком и то, что сотрудники узнают о содержимом.

content-error-date-past = Дата { $date } уже прошла. Отправьте, пожалуйста, сегодняшнюю или более позднюю дату.
reminders-item-document = { $date }: { $what ->
    [document-passed] последний день для документа «{ $name }» прошёл ({ $deadline })
   *[document-soon] последний день для документа «{ $name }» — { $deadline }
}
remind-document-soon = ⏰ Напоминание: документ «{ $name }» можно подать по { $last_day } включительно ({ $days ->
    [0] это сегодня
    [one] остался { $days } день
    [few] осталось { $days } дня
   *[other] осталось { $days } дней
}).
remind-document-passed = ⚠️ Последний день для документа «{ $name }» был { $last_day }: перед подачей документов уточните в офисе, как быть.
sheet-document-last-day = { $name }: можно подать по { $last_day } включительно.
handover-card-document-last-day = { $name }: по { $last_day } включительно.

stats-by-answer = По вопросам фирмы, дошедшие до результата:
stats-answer = { $question }: { $answer }
stats-text = { $text }
stats-content = 📚 Содержимое: список проверен { $checked } ({ $days ->
    [one] { $days } день назад
    [few] { $days } дня назад
   *[other] { $days } дней назад
}); следующая проверка — { $due }.
stats-content-overdue = ⚠️ Содержимое: список проверен { $checked } ({ $days } дн. назад); срок проверки — { $due } — прошёл. Проверьте источники, обновите review.toml и отправьте боту SIGHUP.
stats-content-guide = 📚 Содержимое: только руководство фирмы, списки сверены с ним { $checked }. Обновить их можно папкой содержимого (BOT_CONTENT_DIR): см. README, раздел «Keeping the content current».
content-review-due =
    ⏰ Пора проверить список документов.
    Последняя проверка была { $checked }, { $days } дн. назад; проверять его нужно каждые { $every } дн.
    Откройте каждый источник из sources.toml, сверьте его со списком, исправьте то, что изменилось, запишите сегодняшнюю дату в review.toml (reviewed = …) и отправьте боту SIGHUP. До тех пор я буду напоминать раз в неделю.
