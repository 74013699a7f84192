# The office's address in this language. Phones, e-mail and the map link are in src/office.rs and the environment.

office-title = 📍 Our office will help with the documents
office-address = Office 38, floor 1, entrance 2, 111 Mäulenov Street, Almaty 050000, Republic of Kazakhstan
office-phones = ☎️ { $phone1 }, { $phone2 }
office-email = ✉️ { $email }
office-map = 🗺 Map: { $url }
office-contact-name = Residence documents office
