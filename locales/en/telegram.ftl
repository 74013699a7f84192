# Texts only the Telegram bot uses: its profile, command menu, and chat notices.

bot-description = I help foreign citizens and stateless persons find out which documents they need for a permit for permanent residence and a residence permit card in Kazakhstan, in Kazakh, Russian or English. Press Start.
bot-short-description = Documents for permanent residence in Kazakhstan: a personal list in a few questions.
cmd-start = Begin the consultation
cmd-help = What I can do
cmd-language = Change the language
cmd-restart = Start over
cmd-back = Go back one question
cmd-contacts = Office address and phone numbers
cmd-forget = Delete my data
cmd-checklist = My checklist
cmd-reminders = Reminders of deadlines
cmd-pdf = My checklist as a PDF

forget-done = Done: I have deleted everything I kept about this chat. Any copies left on the server are erased within 24 hours. Send /start to begin again.
state-lost = Sorry, I could not read where we left off, so let's start again.
group-hint = I answer privately, so your answers stay between us. Open a chat with me: { $link }
answered = ✅ { $answer }
callback-outdated = This button is no longer active.
inline-address-title = 📍 Office address
# Words that find each inline result, in any language (separated by spaces).
inline-address-keywords = address адрес мекенжай мекен-жай office офис кеңсе map карта where где қайда almaty алматы
inline-phone-keywords = phone call contact телефон тел позвонить звонок контакт номер қоңырау байланыс нөмір
edited-message = I cannot change an answer by editing a message. Please send a new message, or use /back.
pdf-file-name = checklist
flood-answering-the-last = You sent { $count } messages at once. I am answering only the last of them.
