# The office's address in this language. Phones, e-mail, opening hours and the map link: src/office.rs, the environment, or office.toml in the content folder (README: "Keeping the content current").

office-title = 📍 Our office will help with the documents
office-address = Office 38, floor 1, entrance 2, 111 Maulenov Street, Almaty 050000, Republic of Kazakhstan
office-phones = ☎️ { $phones }
office-hours = 🕘 Opening hours: { $hours }
office-email = ✉️ { $email }
office-map = 🗺 Map: { $url }
office-contact-name = Our office: help with documents
