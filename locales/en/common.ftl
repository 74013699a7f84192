# Shared texts: language choice, navigation, errors, the summary.

language-question = Тілді таңдаңыз · Выберите язык · Choose your language
language-kk = 🇰🇿 Қазақша
language-ru = 🇷🇺 Русский
language-en = 🇬🇧 English

welcome =
    Hello! I will help you find out which documents you need for permanent residence in Kazakhstan: first the permit for permanent residence, then the residence permit card (officially, the residence permit of a foreigner in the Republic of Kazakhstan).
    A few short questions, and you get your own list. /back goes one step back, /restart starts over.
restarted = Let's start over.
back-at-first = This is already the first question.
result-shown = Your lists are above. You can open your checklist to tick off documents, change an answer, see the office's contacts, or start over.

help =
    I ask a few questions and then give you the list of documents for the permit for permanent residence and for the residence permit card in Kazakhstan, tailored to your answers.

    /start: begin the consultation
    /back: go back one question
    /restart: start over
    /language: change the language
    /contacts: the office's address and phone numbers
    /checklist: your documents to tick off
    /reminders: reminders of your deadlines
    /pdf: your checklist as a PDF to print
    /forget: delete everything stored about this chat
    /help: this message

    Answer with the buttons, or type the answer. This is general guidance from the firm's guide, not an official legal opinion: the migration service decides.

    The list was last checked on { $checked }: /sources shows what it rests on and when each source was checked.

error-unknown-command = There is no such command. These are the commands: { $commands }. Please answer the question below.
error-unsupported = I can only read text and button presses. Please answer the question below.
error-outdated-button = That button belongs to an earlier message. Please answer the question below.
error-too-long = That message is too long to be an answer (at most { $max } characters). Please answer the question below.
error-empty = I didn't get an answer. Please answer the question below.
error-choose-option = Please choose one of the options: press a button or type a number from 1 to { $count }.
error-number = Please send your age as a number, for example 35, or your date of birth as DD.MM.YYYY.
error-age-range = The age must be between { $min } and { $max }. Please check it and send it again.
error-birth-in-future = That date of birth is in the future. Please check it and send it again.
error-date-format = I couldn't read that date. Please write the day, the month and the year, for example 15.03.2031 or 15 March 2031.
error-date-no-such-day =
    There is no such date: { $text }. { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } has { $days } days in { $year }. Please check the day and the month.
error-date-no-such-month = There is no such date: { $text }. There is no month { $month }: months are numbered from 1 to 12.
error-date-year = The year in { $text } looks wrong. Please check it and write it in full, for example 1990 or 2031.
error-date-past =
    { $date } has already passed: this { $document ->
        [stateless] stateless person's document
       *[passport] passport
    } has expired. You need a new one before you apply. Please send the expiry date of your valid { $document ->
        [stateless] document
       *[passport] passport
    }.
error-date-far = That date is more than { $years } years from today. Please check the year.
error-use-buttons = Please check your answers and press one of the buttons below.

not-for-citizens-of-kazakhstan =
    Citizens of Kazakhstan need neither a permit for permanent residence nor a residence permit card: this service is for foreign citizens and stateless persons.
    If you chose this by mistake, please choose your citizenship below.

btn-back = ⬅️ Back
btn-restart = 🔄 Start over
btn-show-result = ✅ Show my documents
btn-edit = ✏️ { $name }
btn-change-answers = ✏️ Change answers
btn-contacts = 📍 Contacts

summary-title = Please check your answers:
summary-line = { $name }: { $value }
summary-hint = If everything is right, press "Show my documents". To change an answer, press its button.

echo-age = { $age }
echo-date = { $date }
echo-unknown = —

console-bye = Goodbye! Type kz-residence-bot console to begin again.
