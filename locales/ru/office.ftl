# Адрес офиса на этом языке. Телефоны, почта, часы работы и ссылка на карту: src/office.rs, переменные окружения или office.toml в папке содержимого (README: «Keeping the content current»).

office-title = 📍 Наш офис поможет с документами
office-address = Республика Казахстан, 050000, г. Алматы, ул. Мауленова, д. 111, подъезд 2, 1 этаж, офис 38
office-phones = ☎️ { $phones }
office-hours = 🕘 Часы работы: { $hours }
office-email = ✉️ { $email }
office-map = 🗺 Карта: { $url }
office-contact-name = Наш офис: помощь с документами
