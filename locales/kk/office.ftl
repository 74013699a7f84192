# Кеңсенің осы тілдегі мекенжайы. Телефондар, пошта, жұмыс уақыты және карта сілтемесі: src/office.rs, орта айнымалылары немесе мазмұн қалтасындағы office.toml (README: «Keeping the content current»).

office-title = 📍 Құжаттарды ресімдеуге кеңсеміз көмектеседі
office-address = Қазақстан Республикасы, 050000, Алматы қ., Мәуленов көшесі, 111-үй, 2-кіреберіс, 1-қабат, 38-кеңсе
office-phones = ☎️ { $phones }
office-hours = 🕘 Жұмыс уақыты: { $hours }
office-email = ✉️ { $email }
office-map = 🗺 Карта: { $url }
office-contact-name = Біздің кеңсе: құжаттарға көмек
