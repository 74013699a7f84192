# Вопросы, их кнопки и краткие названия (для сводки и кнопок «изменить»).

q-stage = Какой документ вам нужен?
opt-stage-permit = Разрешение на постоянное проживание
opt-stage-card = Вид на жительство (разрешение уже есть)
opt-stage-both = Оба документа, один за другим
name-stage = Документ

q-citizenship = Какое у вас гражданство?
opt-citizenship-cn = 🇨🇳 Китай
opt-citizenship-ru = 🇷🇺 Россия
opt-citizenship-uz = 🇺🇿 Узбекистан
opt-citizenship-kg = 🇰🇬 Кыргызстан
opt-citizenship-tj = 🇹🇯 Таджикистан
opt-citizenship-tm = 🇹🇲 Туркменистан
opt-citizenship-mn = 🇲🇳 Монголия
opt-citizenship-other = 🌍 Другая страна
opt-citizenship-stateless = Лицо без гражданства
opt-citizenship-kz = 🇰🇿 Казахстан
name-citizenship = Гражданство

q-ethnic-kazakh = Вы казах или казашка по национальности?
name-ethnic-kazakh = Казах(-шка) по национальности

q-refugee = У вас есть статус беженца в Республике Казахстан?
name-refugee = Статус беженца в Казахстане

opt-yes = Да
opt-no = Нет

q-age = Сколько вам лет? Напишите число (например, 35) или дату рождения (ДД.ММ.ГГГГ).
name-age = Возраст

q-children = С вами переезжают в Казахстан дети в возрасте от 14 до 18 лет?
name-children = Дети от 14 до 18 лет

q-solvency = Как вы подтвердите платёжеспособность?
opt-solvency-own = Собственными средствами
opt-solvency-contract = Договором с физическим или юридическим лицом
name-solvency = Платёжеспособность

q-expiry =
    До какого числа действует ваш { $document ->
        [stateless] документ лица без гражданства
       *[passport] паспорт
    }? Напишите дату, например 15.03.2031 или 15 марта 2031.
name-expiry = { $document ->
    [stateless] Документ действует до
   *[passport] Паспорт действует до
}
