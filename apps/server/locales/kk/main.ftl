# SocialFlow интерфейсі — қазақша. Кілттер en/main.ftl файлымен бірдей; тест
# әр тілде барлық кілттің бар екенін тексереді.

app-name = SocialFlow
skip-to-content = Негізгі мазмұнға өту
footer-text = SocialFlow — өз серверіңізде орнатылатын Instagram контентін басқару құралы
language-label = Тіл

## Навигация
nav-dashboard = Басқару тақтасы
nav-client = Келісуге арналған жарияланымдар
nav-content = Контент
nav-comments = Пікірлер
nav-messages = Хабарламалар
nav-analytics = Аналитика
nav-settings = Баптаулар
nav-logout = Шығу
nav-api-docs = API
nav-signed-in-as = Пайдаланушы: { $username }

## Кіру
login-title = Кіру
login-intro = Instagram аккаунттарыңызды басқару үшін жүйеге кіріңіз.
login-username = Пайдаланушы аты
login-password = Құпиясөз
login-submit = Кіру
login-error-invalid = Пайдаланушы аты немесе құпиясөз қате.
login-error-throttled = Сәтсіз әрекеттер тым көп. { $minutes ->
    [one] { $minutes } минуттан
   *[other] { $minutes } минуттан
} кейін қайталап көріңіз.
login-logged-out = Сіз жүйеден шықтыңыз.
login-session-expired = Сеансыңыз аяқталды. Қайта кіріңіз.

## Алғашқы іске қосу
setup-title = Алғашқы әкімшіні құру
setup-intro = Әзірге бірде-бір пайдаланушы жоқ. Әкімшінің пайдаланушы аты мен құпиясөзін таңдаңыз. Бұл бет сервер консолінде көрсетілген сілтеме арқылы ғана ашылады.
setup-password-confirm = Құпиясөзді қайталаңыз
setup-submit = Әкімшіні құру
setup-invalid-token = Бұл баптау сілтемесі жарамсыз. Сервер іске қосылғанда консольде көрсетілген сілтемені пайдаланыңыз.
setup-done = Әкімші құрылды. Жаңа құпиясөзбен кіріңіз.

## Бөлімдер
dashboard-title = Басқару тақтасы
dashboard-welcome = Қош келдіңіз, { $username }.
dashboard-next-steps = Профиліңізді, жазылушылар санының өсуін, жоспарланған жарияланымдарды және жауап берілмеген пікірлерді осы жерден көру үшін «Аккаунттар» бетінде Instagram аккаунтын қосыңыз.
section-coming = Бұл бөлім тиісті мүмкіндік іске қосылғанда қолжетімді болады. Әзірге мұнда назар аударатын ештеңе жоқ.
content-title = Контент
comments-title = Пікірлер
messages-title = Хабарламалар
analytics-title = Аналитика

## Баптаулар
settings-title = Баптаулар
settings-profile = Профиль
settings-username = Пайдаланушы аты
settings-role = Рөл
role-admin = Әкімші
role-user = Пайдаланушы
settings-language = Интерфейс тілі
settings-language-save = Тілді сақтау
settings-language-saved = Интерфейс тілі сақталды.
settings-password = Құпиясөзді өзгерту
settings-current-password = Ағымдағы құпиясөз
settings-new-password = Жаңа құпиясөз
settings-confirm-password = Жаңа құпиясөзді қайталаңыз
settings-password-save = Құпиясөзді өзгерту
settings-password-saved = Құпиясөзіңіз өзгертілді. Басқа сеанстарыңыз аяқталды.
settings-password-wrong = Ағымдағы құпиясөз қате. Ештеңе өзгертілген жоқ.
settings-password-mismatch = Жаңа құпиясөздер сәйкес келмейді. Ештеңе өзгертілген жоқ.
settings-password-too-short = Жаңа құпиясөз кемінде { $min } таңбадан тұруы керек.
settings-password-too-long = Жаңа құпиясөздің ұзындығы { $max } байттан аспауы керек.
settings-tokens = Жеке API токендері
settings-tokens-intro = Токендер скрипттерге сіздің атыңыздан REST API арқылы жұмыс істеуге мүмкіндік береді: оларды "Authorization: Bearer <token>" түрінде жіберіңіз.
settings-token-name = Токен атауы
settings-token-create = Токен жасау
settings-token-created = Жаңа токеніңіз төменде бір рет қана көрсетіледі. Оны қазір көшіріп алыңыз: ол қайта көрсетілмейді.
settings-token-revoke = Күшін жою
settings-token-revoked = Токеннің күші жойылды.
settings-token-none = Сізде API токендері жоқ.
settings-token-created-at = Жасалған уақыты
settings-token-last-used = Соңғы рет пайдаланылды
settings-token-never-used = ешқашан
settings-token-invalid-name = Токен атауы 1–64 таңбадан тұруы керек.
settings-security = Соңғы қауіпсіздік оқиғалары
settings-security-none = Әзірге оқиғалар жоқ.
column-time = Уақыт
column-event = Оқиға
column-ip = IP мекенжайы
column-detail = Мәліметтер

## Журнал оқиғалары
audit-login_succeeded = Жүйеге кірді
audit-login_failed = Сәтсіз кіру әрекеті
audit-login_throttled = Кіруге тыйым салынды (сәтсіз әрекеттер тым көп)
audit-logout = Жүйеден шықты
audit-password_changed = Құпиясөз өзгертілді
audit-language_changed = Тіл өзгертілді
audit-api_token_created = API токені жасалды
audit-api_token_revoked = API токенінің күші жойылды
audit-user_created = Пайдаланушы құрылды
audit-user_deleted = Пайдаланушы жойылды

## Қателер
error-title = Бірдеңе дұрыс болмады
error-csrf = Бұл форманың мерзімі өтіп кеткен немесе ол SocialFlow жүйесінен жіберілмеген. Ештеңе өзгертілген жоқ. Бетті қайта жүктеп, әрекетті қайталаңыз.
error-not-found = Мұндай бет жоқ.
error-internal = Сервер сұранысты орындай алмады. Ештеңе жоғалған жоқ; сәлден кейін қайталап көріңіз.
error-too-large = Сұраныс тым үлкен.
error-username-length = Пайдаланушы аты 3–32 таңбадан тұруы керек.
error-username-chars = Пайдаланушы атында тек a–z әріптері, цифрлар, "_", "." және "-" болуы мүмкін.
error-username-reserved = «ws.» деп басталатын атаулар резервте тұр.
error-username-taken = Бұл пайдаланушы аты бос емес.
back-home = Басқару тақтасына оралу
settings-language-invalid = Тізімдегі тілдердің бірін таңдаңыз. Ештеңе өзгертілген жоқ.
error-bad-request = Сұранысты оқу мүмкін болмады. Ештеңе өзгертілген жоқ; бетті жаңартып, қайталап көріңіз.
error-unknown-action = SocialFlow мұндай батырманы білмейді. Ештеңе өзгертілген жоқ; бетті жаңартып, қайталап көріңіз.
audit-account_connected = Instagram аккаунты қосылды
audit-account_reconnected = Instagram аккаунты қайта қосылды
audit-account_disconnected = Instagram аккаунты ажыратылды
audit-account_needs_reconnect = Instagram аккаунтын қайта қосу қажет

## Instagram аккаунттары
nav-accounts = Аккаунттар
accounts-title = Instagram аккаунттары
accounts-intro = Өзіңіз басқаратын Instagram Business немесе Creator аккаунттарын қосыңыз. SocialFlow Instagram-нан профильді оқуға, жариялауға, пікірлер мен хабарламаларды басқаруға және статистиканы оқуға рұқсат сұрайды.
accounts-connect = Instagram аккаунтын қосу
accounts-none = Әзірге бірде-бір Instagram аккаунты қосылмаған.
accounts-not-configured = Бұл сервер әлі Instagram қолданбасымен байланыстырылмаған, сондықтан аккаунттарды қосу мүмкін емес. Сервер әкімшісінен Instagram қолданбасын баптауды (қалай екені құжаттамадағы Instagram нұсқаулығында жазылған) немесе Instagram имитациясымен байқап көру үшін SocialFlow-ды демо режимінде іске қосуды сұраңыз.
accounts-followers = Жазылушылар
accounts-following = Жазылымдар
accounts-posts = Жарияланымдар
accounts-not-available = дерек жоқ
accounts-token = Қолжетімділік
accounts-token-active = { $date } дейін жарамды
accounts-token-needs-reconnect = Қайта қосу қажет: Instagram бұл аккаунттың қолжетімділігін енді қабылдамайды. Жоспарланған жұмыс жалғасуы үшін оны қайта қосыңыз.
accounts-instagram-said = Instagram жауабы: { $detail }
accounts-connected-at = Қосылған
accounts-refreshed-at = Профиль жаңартылған
accounts-refresh = Қазір жаңарту
accounts-reconnect = Қайта қосу
accounts-disconnect = Ажырату
accounts-disconnect-title = { $username } ажыратылсын ба?
accounts-disconnect-explain = SocialFlow бұл аккаунттың қолжетімділік токенін және ол үшін кэште сақталғанның бәрін дереу жояды. Instagram-да жарияланып қойған жазбалар сонда қалады. Кейін аккаунтты қайта қосуға болады.
accounts-disconnect-confirm = Ажырату және деректерін жою
accounts-cancel = Болдырмау
accounts-notice-connected = { $username } аккаунты қосылды.
accounts-notice-reconnected = { $username } аккаунты қайта қосылды; жоспарланған жұмыс жалғасады.
accounts-notice-disconnected = Аккаунт ажыратылды, оның деректері жойылды.
accounts-notice-refreshed = Профиль Instagram-нан жаңартылды.
accounts-missing-permissions = Instagram SocialFlow-ға қажетті рұқсаттардың бәрін бермеді. Жетіспейді: { $scopes }. Аккаунтты қайта қосып, Instagram терезесінде барлық рұқсаттарды белгіленген күйде қалдырыңыз.
accounts-error-denied = Қосу Instagram терезесінде болдырылмады. Ештеңе сақталған жоқ.
accounts-error-state = Бұл қосу сілтемесінің мерзімі өтті немесе ол пайдаланылып қойған. Ештеңе сақталған жоқ; «Instagram аккаунтын қосу» батырмасынан қайта бастаңыз.
accounts-error-elsewhere = Бұл Instagram аккаунты SocialFlow-дың басқа пайдаланушысына қосылған. Алдымен оны ажыратуды сұраңыз.
accounts-error-token = Instagram бұл аккаунттың қолжетімділігін енді қабылдамайды. Аккаунтты қайта қосыңыз.
accounts-error-rate-limited = Instagram қазір бұл аккаунт үшін сұраныстарды шектеп отыр. Ештеңе жоғалған жоқ; бірнеше минуттан кейін қайталап көріңіз.
accounts-error-unavailable = Instagram-мен байланысу мүмкін болмады. Ештеңе жоғалған жоқ; бірнеше минуттан кейін қайталап көріңіз.
accounts-error-permission = Рұқсат жетіспегендіктен Instagram бас тартты. Аккаунтты қайта қосып, барлық рұқсаттарды беріңіз.
accounts-error-oauth = Instagram кіруді қабылдамады ({ $detail }). Ештеңе сақталған жоқ; «Instagram аккаунтын қосу» батырмасынан қайта бастаңыз.
accounts-error-other = Instagram сұранысты қабылдамады ({ $detail }). Ештеңе сақталған жоқ.
scope-instagram_business_basic = профиль мен жарияланымдарды оқу
scope-instagram_business_content_publish = посттарды, Reels және сторис жариялау
scope-instagram_business_manage_comments = пікірлерді басқару
scope-instagram_business_manage_messages = жеке хабарламаларды басқару
scope-instagram_business_manage_insights = статистиканы оқу

## Деректерді жою (жария бет және Meta кері шақырулары)
deletion-title = Деректеріңізді жою
deletion-intro = SocialFlow-дан Instagram аккаунтыңыз туралы сақтағанның бәрін кез келген уақытта жоюды сұрай аласыз.
deletion-in-socialflow = SocialFlow ішінде
deletion-in-socialflow-how = Кіріп, «Аккаунттар» бөлімін ашып, «Ажырату» таңдаңыз: аккаунттың қолжетімділік токені және ол үшін сақталған барлық деректер дереу жойылады.
deletion-in-instagram = Instagram ішінде
deletion-in-instagram-how = Instagram-да «Баптаулар» → «Қолданбалар мен сайттар» ашып, SocialFlow-ды жойыңыз. Instagram бұл туралы SocialFlow-ға хабарлайды, ол аккаунттың токені мен барлық деректерін дереу жояды және Instagram-ға растау кодын береді; оның күйін осы бет көрсетеді.
deletion-what = Не жойылады: қолжетімділік токені, профиль көшірмесі, жарияланымдардың, пікірлердің және хабарламалардың кэші, сол аккаунттың жазылушылар статистикасы мен аналитикасы. Instagram-да жарияланып қойған жазбалар Instagram-да қалады.
deletion-status-title = Сұранысыңыздың күйі
deletion-status-done = Сұраныс { $requested } қабылданды. { $completed } орындалды: { $count ->
    [one] { $count } қосылған аккаунттың
   *[other] { $count } қосылған аккаунттың
} деректері жойылды.
deletion-unknown-code = Мұндай растау коды бар жою сұранысы жоқ. Instagram көрсеткен кодты тексеріңіз.
audit-account_deauthorized = Қолжетімділік Instagram-да алынып тасталды
audit-data_deletion_callback = Деректер Instagram сұранысы бойынша жойылды
audit-time_zone_changed = Уақыт белдеуі өзгертілді
audit-post_scheduled = Жарияланым жоспарланды
audit-post_published = Жарияланым жарияланды
audit-post_deleted = Жарияланым жойылды
audit-comment_replied = Пікірге жауап берілді
audit-comment_hidden = Пікір жасырылды
audit-comment_unhidden = Пікір қайта көрсетілді
audit-comment_deleted = Пікір жойылды
audit-message_sent = Хабарлама жіберілді
audit-data_exported = Деректер жүктеп алынды
audit-policy_acknowledged = Құпиялылық саясаты қабылданды

# Settings: time zone
settings-time-zone = Уақыт белдеуі
settings-time-zone-intro = Жарияланым уақыты осы белдеуде енгізіледі және көрсетіледі, аналитика күндерді де осы бойынша санайды.
settings-time-zone-label = Сіздің уақыт белдеуіңіз
settings-time-zone-save = Уақыт белдеуін сақтау
settings-time-zone-saved = Уақыт белдеуі сақталды.
settings-time-zone-invalid = Тізімнен уақыт белдеуін таңдаңыз.
