# Тексты для сотрудников фирмы (пользователей из BOT_ADMINS): статистика, ссылки и QR-коды.

cmd-stats = Статистика и диаграмма (сотрудникам)
cmd-link = Ссылка и QR-код для печати (сотрудникам)

stats-title = 📊 Консультации по дню начала (время Казахстана): сегодня · 7 дней · 30 дней
stats-started = Начато: { $today } · { $week } · { $month }
stats-finished = Дошли до результата: { $today } · { $week } · { $month }
stats-ticked = Отмечено документов: { $today } · { $week } · { $month }
stats-reminders-on = Включили напоминания: { $today } · { $week } · { $month }
stats-in-progress = В процессе: { $today } · { $week } · { $month }
stats-abandoned = Брошено: { $today } · { $week } · { $month }
stats-by-language = По языку, начатые:
stats-by-stage = По документу, дошедшие до результата:
stats-by-citizenship = По гражданству, дошедшие до результата:
stats-by-tag = По метке ссылки, начатые (в скобках — сколько из них дошли до результата за 30 дней):
stats-row = { $name }: { $today } · { $week } · { $month }
stats-tag-row = { $name }: { $today } · { $week } · { $month } ({ $finished })
stats-nothing = —
stats-no-language = язык ещё не выбран
stats-no-tag = без метки
stats-more-tags = …и ещё меток: { $count }
stats-stage-permit = Разрешение на постоянное проживание
stats-stage-card = Вид на жительство
stats-stage-both = Оба документа
stats-note = В процессе: начаты сегодня или вчера, результата ещё нет. Брошено: начаты раньше вчерашнего дня, результата нет. Хранятся только числа: ни номеров чатов, ни имён, ни ответов.
stats-chart-failed = На этот раз диаграмму построить не удалось; цифры выше полные.

group-china = Китай
group-russia = Россия
group-central-asia = Центральная Азия (Узбекистан, Кыргызстан, Таджикистан, Туркменистан)
group-mongolia = Монголия
group-other = Другие страны
group-stateless = Лица без гражданства

chart-title = Консультации по дню начала, последние 30 дней
chart-started = Начато
chart-finished = Дошли до результата
chart-tags-title = Самые частые метки ссылок: начатые за 30 дней

link-caption =
    { $link }
    Открывает бота на языке: { $language }
    Метка: { $tag } (по ней /stats считает консультации, пришедшие по этой ссылке)
link-caption-untagged =
    { $link }
    Открывает бота на языке: { $language }
    Без метки: добавьте её, чтобы видеть в /stats, сколько консультаций приносит ссылка, например: /link ru almaty_office
link-usage = Напишите так: /link [kk|ru|en] [метка], например: /link ru almaty_office. Метку можно не указывать.
link-tag-characters = В метке могут быть только латинские буквы, цифры и _ (другого Telegram в ссылке не допускает), поэтому «{ $tag }» не подходит. Например: almaty_office.
link-tag-too-long = В этой метке { $length } знаков, а в ссылку помещается не больше { $max } (Telegram допускает 64 вместе с языком).
