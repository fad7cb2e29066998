# Интерфейстің ортақ бөліктері: навигация, тақырып, демо-баннер, хабарламалар,
# салыстырмалы уақыт, алғашқы қадамдар, ақаулардың түсіндірмесі, уақыт белдеулері.

## Қабық
ui-main-navigation = Негізгі навигация
ui-menu = Мәзір
ui-menu-close = Мәзірді жабу
ui-theme = Безендіру
ui-theme-intro = Жүйенің ашық не қараңғы тақырыбына ілесу немесе осы браузер үшін тақырып таңдау.
ui-theme-auto = Жүйедегідей
ui-theme-light = Ашық
ui-theme-dark = Қараңғы
ui-cancel = Бас тарту
ui-close = Жабу
ui-offline = Сервермен байланысу мүмкін болмады. Ештеңе өзгерген жоқ; қосылымды тексеріп, қайталап көріңіз.
ui-uploading = Жүктеу
ui-copy = Көшіру
ui-copied = Көшірілді.
ui-original-message = Instagram-ның түпнұсқа хабарламасы
ui-technical-detail = Техникалық мәлімет

## Демо режимі
ui-demo-title = Демо режимі
ui-demo-text = Бұл серверде Instagram имитацияланған: Instagram-ға ештеңе жетпейді, ал барлық аккаунттар, жарияланымдар, пікірлер мен хабарламалар ойдан жасалған.
ui-demo-url = Бұл демо мына мекенжайда жұмыс істейді

## Салыстырмалы уақыт
ui-rel-now = қазір
ui-rel-in-minutes = { $n } мин кейін
ui-rel-ago-minutes = { $n } мин бұрын
ui-rel-in-hours = { $n } сағ кейін
ui-rel-ago-hours = { $n } сағ бұрын
ui-rel-in-days = { $n } күннен кейін
ui-rel-ago-days = { $n } күн бұрын

## Алғашқы қадамдар (басқару тақтасы)
onboarding-title = Неден бастау керек
onboarding-progress = { $total } қадамның { $done } орындалды
onboarding-done = орындалды
onboarding-connect-account = Instagram аккаунтын қосыңыз
onboarding-connect-account-text = Өзіңіз басқаратын бизнес немесе автор аккаунты: SocialFlow оған жариялайды және оның пікірлерін, хабарламаларын, статистикасын оқиды.
onboarding-connect-account-action = Қосу
onboarding-upload-media = Медиафайлдарды жүктеңіз
onboarding-upload-media-text = Жарияланымдарға арналған суреттер мен бейнелер; әр файл Instagram ережелері бойынша тексеріледі.
onboarding-upload-media-action = Жүктеу
onboarding-schedule-post = Алғашқы жарияланымды жоспарлаңыз
onboarding-schedule-post-text = Файлдарды таңдап, жазба жазып, уақытын белгілеңіз — SocialFlow оны дәл сол уақытта жариялайды.
onboarding-schedule-post-action = Жаңа жарияланым
onboarding-open-inbox = Кіріс хаттарды ашыңыз
onboarding-open-inbox-text = Аккаунттарыңыздың пікірлері мен жеке хабарламалары — бір жерден жауап беріңіз.
onboarding-open-inbox-action = Пікірлер
dashboard-freshness = Бұл деректер қашан жаңартылды

## Ақаулар мен күтулердің түсіндірмесі (түпнұсқа мәтін жиналмалы блокта)
why-account_disconnected = Instagram аккаунты ажыратылған
fix-account_disconnected = Аккаунтты «Аккаунттар» бетінде қайта қосыңыз, содан кейін жарияланымды өзгертіп, қайта жоспарлаңыз.
why-reconnect = Instagram бұдан былай аккаунттың қолжетімділігін қабылдамайды
fix-reconnect = Аккаунтты «Аккаунттар» бетінде қайта қосыңыз; жоспарланған жарияланымдар жалғасады.
why-permission_missing = Рұқсат жетіспейді
fix-permission_missing = Аккаунтты «Аккаунттар» бетінде қайта қосып, Instagram терезесінде барлық рұқсаттарды белгіленген күйде қалдырыңыз.
why-account_restricted = Instagram аккаунтты шектеді
fix-account_restricted = Instagram қолданбасын осы аккаунтпен ашып, ол сұрағанды орындаңыз (мысалы, жеке басыңызды растаңыз), содан кейін қайта жариялаңыз.
why-spam = Instagram әрекетті спам деп санады
fix-spam = Қайта жарияламас бұрын бірнеше сағат күтіңіз және бір нәрсені қайта-қайта жарияламаңыз.
why-rate_limited = Instagram бұл аккаунттың сұрауларын шектеп отыр
fix-rate_limited = Ештеңе істеудің қажеті жоқ: SocialFlow күтіп, өзі қайталайды.
why-instagram_unavailable = Instagram уақытша қолжетімсіз
fix-instagram_unavailable = Ештеңе істеудің қажеті жоқ: SocialFlow өзі қайталайды.
why-publishing_limit = Аккаунт Instagram-ның 24 сағаттық жариялау шегіне жетті
fix-publishing_limit = Ештеңе істеудің қажеті жоқ: шек мүмкіндік бергенде жарияланым шығады.
why-aspect_ratio = Instagram суреттің пропорциясын қабылдамайды
fix-aspect_ratio = 4:5 (тік) мен 1,91:1 (көлденең) аралығындағы суретті пайдаланыңыз: оны қиыңыз немесе «Медиа» бетінде «Суреттерді толықтыру» белгісімен қайта жүктеңіз.
why-image_too_large = Сурет Instagram үшін тым үлкен
fix-image_too_large = Кішірек суретті (8 МБ-тан аспайтын) жүктеп, оны жарияланымда таңдаңыз.
why-image_format = Instagram суреттің пішімін қабылдамайды
fix-image_format = Суретті JPEG пішімінде жүктеңіз («Медиа» бетінде жүктегенде PNG мен WebP түрлендіріледі).
why-video_format = Instagram бейненің пішімін қабылдамайды
fix-video_format = Бейнені H.264 бейнесі мен AAC дыбысы бар MP4 ретінде экспорттап, қайта жүктеңіз де, жарияланымда таңдаңыз.
why-processing_failed = Instagram файлды өңдей алмады
fix-processing_failed = Қайталап көріңіз; болмаса, файлды қайта экспорттап (бейне үшін H.264 және AAC бар MP4), жүктеңіз.
why-thumbnail_offset = Мұқаба кадры бейненің сыртында
fix-thumbnail_offset = Жарияланымды өзгертіп, мұқаба кадрын бейне ұзақтығы ішінде таңдаңыз.
why-caption = Instagram жазбаны қабылдамады
fix-caption = Жазбаны қысқартыңыз (2 200 таңбадан, 30 хэштегтен және 20 атаудан аспасын), содан кейін жарияланымды қайта жоспарлаңыз.
why-carousel_count = Каруселде 2-ден 10-ға дейін файл болуы керек
fix-carousel_count = Жарияланымды өзгертіп, 2-ден 10-ға дейін файл таңдаңыз.
why-media_unreachable = Instagram файлды осы серверден жүктеп ала алмады
fix-media_unreachable = Сервердің жария мекенжайы интернеттен қолжетімді болуы керек (localhost емес, жеке мекенжай емес және кіру артында емес). Әкімшіге хабарласып, қайта жариялаңыз.
why-media_missing = Жарияланымның файлы жойылған
fix-media_missing = Жарияланымды өзгертіп, басқа файл таңдаңыз да, қайта жоспарлаңыз.
why-media_unusable = Файл жарияланымның бұл түріне жарамайды
fix-media_unusable = Instagram нені қабылдамайтынын көру үшін «Медиа» бетін ашыңыз, жарамды файлды жүктеп, жарияланымда таңдаңыз.
why-no_media = Жарияланымда файл жоқ
fix-no_media = Жарияланымды өзгертіп, кемінде бір файл таңдаңыз.
why-gave_up = Instagram қайта-қайта қате қайтарды, сондықтан SocialFlow әрекетін тоқтатты
fix-gave_up = Instagram қолданбада жұмыс істейтінін тексеріп, қайта жариялаңыз.
why-other = Instagram жарияланымды қабылдамады
fix-other = Төмендегі Instagram хабарламасын оқып, онда аталғанды түзетіңіз, содан кейін жарияланымды өзгертіп, қайта жоспарлаңыз.

## Уақыт белдеуін таңдау
settings-time-zone-search = Қаланы немесе аймақты іздеу
tz-region-utc = Дүниежүзілік үйлестірілген уақыт
tz-region-europe = Еуропа
tz-region-asia = Азия
tz-region-america = Америка
tz-region-africa = Африка
tz-region-australia = Аустралия
tz-region-pacific = Тынық мұхиты
tz-region-atlantic = Атлант
tz-region-indian = Үнді мұхиты
tz-region-antarctica = Антарктида
tz-region-other = Басқалары

## Беттер
setup-username-hint = 3-тен 32-ге дейін таңба: a–z латын әріптері, цифрлар, «_», «.» және «-».
accounts-none-text = Жариялау және пікірлер мен хабарламаларға жауап беру үшін өзіңіз басқаратын Instagram бизнес және автор аккаунттарын қосыңыз.
media-file-choose = Файл
media-none-text = Жарияланымдарға арналған суреттер мен бейнелерді жүктеңіз; әр файл жарияланымның әр түрі үшін Instagram ережелері бойынша тексеріледі.
inbox-comments-intro = Жарияланымдарыңыздағы пікірлер: оларға жауап беріңіз, жасырыңыз немесе Instagram-да тікелей осы жерден жойыңыз.
inbox-messages-intro = Аккаунттарыңызға келген жеке хабарламалар.
inbox-filter = Көрсету
inbox-no-accounts-text = Аккаунт қосылған соң оның пікірлері мен хабарламалары осы жерде пайда болады.
inbox-no-comments-text = Жаңа пікірлер Instagram-нан келесі жаңартудан кейін осы жерде пайда болады.
inbox-no-conversations-title = Әзірге хат алмасу жоқ
inbox-no-posts-title = Әзірге жарияланым жоқ
inbox-reply-to = @{ $username } пайдаланушысына жауап
inbox-media-image = Сурет
inbox-media-video = Бейне
inbox-media-carousel = Карусель
posts-views = Көрініс
posts-back = Артқа
posts-empty-title = Әзірге жарияланым жоқ
posts-agenda-empty = Бұл кезеңде ештеңе жоспарланбаған
posts-agenda-empty-text = Жарияланым жасап, уақытын таңдаңыз — ол осы жерде пайда болады.
posts-dash-calendar = Күнтізбе
posts-dash-upcoming-hint = Жоспарланған жарияланымдар шығуына қалған уақытпен осы жерде пайда болады.
posts-composer-cancel = Сақтамай шығу
posts-cancel-confirm = Бұл жарияланымнан бас тарту керек пе? Ол жарияланбайды; кейін оны өзгертіп, қайта жоспарлауға болады.
posts-counter-chars = {"{"}n{"}"} / {"{"}max{"}"} таңба
posts-counter-hashtags = {"{"}n{"}"} / {"{"}max{"}"} хэштег
posts-counter-mentions = {"{"}n{"}"} / {"{"}max{"}"} атау
posts-field-first-comment-short = Алғашқы пікір
posts-field-collaborators-short = Бірлескен авторлар
posts-field-alt-text-short = Балама мәтін
posts-field-other = бұл өріс
posts-field-location-hint = Instagram-дағы орынның нөмірі (ол Instagram-дағы орын бетінің мекенжайында бар); орын қажет болмаса, бос қалдырыңыз.
posts-field-time-in = Уақыт ({ $zone })
posts-media-order-hint = Жариялайтын файлдарды белгілеңіз; карусель үшін оларды қажетті ретпен нөмірлеңіз.
posts-media-order-of = { $name } файлының орны
posts-schedule-legend = Қашан жариялау
posts-time-zone = Уақыт белдеуі
settings-token-revoke-confirm = «{ $name }» токенін кері қайтарып алу керек пе? Оны пайдаланатын скрипттер бірден жұмысын тоқтатады.
