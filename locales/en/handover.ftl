# "Ask the office": the applicant's request handed over to the firm's staff,
# and the conversation relayed. The card and the notes marked "staff" are
# read by the office, in its language (BOT_STAFF_LANG).

cmd-office = Ask the office
help-office =
    /office: ask the firm's office, a person answers here
    /done: end the conversation with the office
btn-ask-office = 💬 Ask the office

handover-consent-what =
    💬 Ask the office

    If you want a person to help with your case, I can send it to the firm's office in Almaty. The office's staff will answer you here, in this chat.

    What I would send: your answers below, your language and your first name in Telegram.
handover-consent-no-answers = You have not answered any questions yet.
handover-consent-who =
    Your phone number is sent only if you press "📱 Send with my phone number" below: then the office can call you.

    Nothing is sent until you press a button.
btn-handover-send = ✅ Send without my phone number
btn-handover-decline = ✖️ Don't send
handover-phone-offer = To let the office call you, press "📱 Send with my phone number" below: Telegram adds your number to the request, and it is sent at once.
btn-handover-phone = 📱 Send with my phone number
handover-declined = Nothing was sent. You can ask the office at any time with /office.
handover-sent =
    ✅ Sent to the office. Your request number is { $reference }.

    Write your question here: every text message you send goes to the office until you send /done. The office will answer in this chat. Documents, photos and voice messages are not passed on: please bring documents to the office.
handover-failed = Sorry, I could not reach the office just now, so nothing was sent. Please try again later with /office, or call the office:
handover-undelivered = Sorry, your message did not reach the office. Please try again later, or call the office:
handover-from-office =
    💬 The office, request { $reference }:

    { $text }
handover-closed = Request { $reference } is closed: your messages no longer go to the office. You can ask again at any time with /office.
handover-from-office-corrected =
    ✏️ The office, request { $reference }, corrected its message:

    { $text }
handover-closed-by-office = The office has closed request { $reference }. If you need more help, send /office.
handover-expired = Request { $reference } to the office has been closed: it was open for more than { $days } days. If you still need help, send /office.
handover-already-open = Your request { $reference } to the office is open: write your question here, and the office will answer in this chat. /done closes it.
handover-none-open = You have no open request to the office. /office sends one.
handover-text-only = I pass on only the text you type. Please bring documents to the office in person: we do not keep copies of passports in a chat.
handover-contact-not-yours = That is not your own contact. To send your phone number, press "📱 Send with my phone number" below.
handover-unavailable = Asking the office through the bot is not available here. You can call or visit the office:

# For the office's staff.
handover-card-title = 📨 Request { $reference } from the bot
handover-card-applicant = Applicant: { $name } · language: { $language }
handover-card-phone = Phone: { $phone }
handover-card-tag = Link tag: { $tag }
handover-card-answers = Answers:
handover-card-no-answers = No answers given yet.
handover-card-dates = Dates:
handover-card-passport-permit = { $document ->
    [stateless] Stateless person's document
   *[passport] Passport
} valid until { $expiry }: documents for the permit can be submitted until { $last_day } inclusive.
handover-card-passport = { $document ->
    [stateless] Stateless person's document
   *[passport] Passport
} valid until { $expiry }.
handover-card-certificate = Criminal record certificate issued on { $issued }: it can be submitted until { $last_day } inclusive.
handover-card-card-due = Documents for the residence permit card submitted on { $submitted }: the residence permit card is due by { $date }.
handover-card-progress = Documents ready: { $ready } of { $total }.
handover-card-hint = To answer, reply to this message (in a forum, write in this request's topic). Only text is passed on. The applicant can close the request with /done.
btn-handover-close = ✅ Close the request
handover-to-staff =
    ✉️ { $reference } · { $name }:

    { $text }
handover-to-staff-corrected =
    ✏️ { $reference } · { $name }, a corrected message:

    { $text }
handover-staff-closed-by-applicant = The applicant closed request { $reference }.
handover-staff-closed = Request { $reference } is closed.
handover-staff-withdrawn = The applicant withdrew: request { $reference } is closed, and their data is deleted from the bot.
handover-staff-expired = Request { $reference } was open for more than { $days } days and is now closed.
handover-staff-unreachable = The applicant has blocked the bot: this message did not reach them (request { $reference }).
handover-staff-not-delivered = Telegram did not accept this message for the applicant (request { $reference }). Please try again later.
handover-staff-text-only = Only text is passed on: the applicant did not get this (request { $reference }).
handover-staff-continued = This group has become a supergroup, so request { $reference } continues here. To answer the applicant, reply to this message.
handover-staff-not-linked = This message is not linked to an open request: nothing was sent.
