# Хабарландырулар (18-тапсырма): қоңырау, хабарландыру орталығы және баптаулар.

notifications-title = Хабарландырулар
notifications-bell = { $count ->
    [0] Хабарландырулар
    [one] Хабарландырулар, { $count } оқылмаған
   *[other] Хабарландырулар, { $count } оқылмаған
}
notifications-unread-count = { $count ->
    [0] Оқылмағаны жоқ.
    [one] { $count } оқылмаған.
   *[other] { $count } оқылмаған.
}
notifications-unread = Оқылмаған
notifications-open = Ашу
notifications-mark-all-read = Барлығын оқылды деп белгілеу
notifications-all-read-done = Барлық хабарландыру оқылды деп белгіленді.
notifications-gone = Бұл хабарландыру енді жоқ.
notifications-none = Әзірге хабарландыру жоқ.
notifications-none-hint = Мұнда сәтсіз жазбалар, қайта қосу керек аккаунттар, жариялау шегі, кіріс жәшігінің қорытындысы және апталық есеп шығады.
notifications-settings-link = Хабарландыру баптаулары
notifications-back = Хабарландыруларға оралу
notifications-settings-title = Хабарландыру баптаулары
notifications-settings-intro = Мұнда не көрсетілетінін және поштамен не жіберілетінін таңдаңыз. Хаттарда тек сандар мен сілтемелер болады, пікірлер мен хабарлардың мәтіні ешқашан болмайды.
notifications-has-problems = Мынаны түзетіңіз:
notifications-kinds = Не туралы хабарлау
notifications-in-app = SocialFlow ішінде
notifications-by-email = Поштамен
notifications-kind-post_failed = Жазба шықпады
notifications-kind-post_failed-hint = Instagram жоспарланған жазбаны қабылдамады.
notifications-kind-account_reconnect = Аккаунтты қайта қосу керек
notifications-kind-account_reconnect-hint = Қайта қоспайынша жазбалар тоқтайды.
notifications-kind-quota_nearly_used = Жариялау шегі таусылуға жақын
notifications-kind-quota_nearly_used-hint = Instagram 24 сағатта рұқсат ететін 50 жазбаның 40-ы.
notifications-kind-inbox_digest = Кіріс қорытындысы
notifications-kind-inbox_digest-hint = Күніне бір рет 09:00-ден бастап: сізді қанша пікір мен хат алмасу күтіп тұр.
notifications-kind-weekly_summary = Апталық есеп
notifications-kind-weekly_summary-hint = Әр дүйсенбі 09:00-ден бастап әр аккаунт бойынша: жазылушылар, қамту, үздік жазба, жауапсыз пікірлер.
notifications-kind-webhook_disabled = Вебхук өшірілді
notifications-kind-webhook_disabled-hint = Жеткізулері үш күн бойы сәтсіз болған мекенжайға SocialFlow жіберуді тоқтатады.
notifications-email = Пошта
notifications-no-smtp = Бұл серверде пошта бапталмаған, сондықтан хабарландырулар тек SocialFlow ішінде көрінеді. Әкімші SOCIALFLOW_SMTP_URL орната алады.
notifications-address = Пошта мекенжайы
notifications-address-hint = Хат алмау үшін бос қалдырыңыз. Тек осы хабарландырулар үшін қолданылады және аккаунтпен бірге жойылады.
notifications-quiet = Тыныш сағаттар
notifications-quiet-hint = Сіздің уақытыңыз бойынша ({ $zone }) осы аралықта хат келмейді; осы кезде пайда болғандар аралық біткенде жіберіледі. Қажет болмаса, екеуін де бос қалдырыңыз.
notifications-quiet-from = Басы
notifications-quiet-to = Соңы
notifications-save = Сақтау
notifications-test = Сақтап, сынақ хатын жіберу
notifications-saved = Хабарландыру баптаулары сақталды.
notifications-test-sent = Сынақ хаты жіберілді. Бірнеше минутта келмесе, «Спам» қалтасын және мекенжайды тексеріңіз.
notifications-test-no-smtp = Бұл серверде пошта бапталмаған, сондықтан сынақ хатын жіберу мүмкін емес.
notifications-test-no-address = Алдымен пошта мекенжайын енгізіңіз.
notifications-test-rejected = Пошта сервері мекенжайды қабылдамады. Тексеріп, қайталаңыз.
notifications-test-failed = Пошта серверіне қосылу мүмкін болмады. Кейінірек қайталаңыз.
notifications-problem-address = Пошта мекенжайын енгізіңіз, мысалы name@example.com.
notifications-problem-time = Тыныш сағаттарды уақытпен енгізіңіз, мысалы 22:00.
notifications-problem-half = Тыныш сағаттардың басын да, соңын да енгізіңіз — не екеуін де бос қалдырыңыз.
notifications-problem-same = Тыныш сағаттар басталған уақыттан басқа уақытта аяқталуы керек.
notification-post_failed-title = { $account } жазбасы жарияланбады
notification-post_failed-detail = Instagram оны қабылдамады. Себебін көріп, қайталау үшін жазбаны ашыңыз.
notification-account_reconnect-title = { $account } қайта қосыңыз
notification-account_reconnect-detail = Instagram SocialFlow қолжетімділігін енді қабылдамайды; жоспарланған жазбалар қайта қосуды күтеді.
notification-quota_nearly_used-title = { $account }: тәулікке { $limit } жазбаның { $count } қолданылды
notification-quota_nearly_used-detail = Instagram шегінен тыс жазбалар орын босағанша күтеді.
notification-inbox_digest-title = Кіріс жәшігіңіз күтіп тұр
notification-inbox_digest-detail = Жауапсыз пікірлер: { $unanswered }. Оқылмаған хат алмасулар: { $unread }.
notification-weekly_summary-title = { $account }: Instagram-дағы аптаңыз
notification-weekly_summary-detail = Жазылушылар { $followers }, қамту { $reach }, жауапсыз пікірлер: { $unanswered }.
notification-webhook_disabled-title = Вебхук өшірілді
notification-webhook_disabled-detail = { $url } мекенжайына барлық жеткізу үш күн бойы сәтсіз болды. Қабылдағышты түзетіп, оны «Баптаулар → Вебхуктар» бөлімінде қайта қосыңыз.
