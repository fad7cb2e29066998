# Контент менеджері (жарияланымдар): тізім, күнтізбе, редактор, жарияланым беті.

posts-title = Контент
posts-new = Жаңа жарияланым
posts-edit-title = Жарияланымды өзгерту
posts-new-title = Жаңа жарияланым
posts-post-title = Жарияланым
posts-list = Тізім
posts-calendar-month = Ай
posts-calendar-week = Апта
posts-prev = Артқа
posts-next = Алға
posts-today = Бүгін
posts-filter = Көрсету
posts-filter-account = Аккаунт
posts-filter-state = Күйі
posts-all = Барлығы
posts-none = Сәйкес жарияланым жоқ. «Жаңа жарияланым» түймесімен жасаңыз.
posts-no-accounts = Алдымен Instagram аккаунтын қосыңыз: жарияланымдар аккаунтқа шығады.
posts-times-in-zone = Уақыт сіздің уақыт белдеуіңізде көрсетілген: { $zone }.
posts-column-time = Уақыт
posts-column-account = Аккаунт
posts-column-kind = Түрі
posts-column-caption = Жазба
posts-column-state = Күйі
posts-unscheduled = уақыты берілмеген
posts-no-caption = (жазбасыз)
posts-more = { $count ->
    [one] және тағы { $count }
   *[other] және тағы { $count }
}

## Түрлері
posts-kind-post = Пост
posts-kind-reel = Reels
posts-kind-carousel = Карусель
posts-kind-story = Сторис

## Күйлері
posts-state-draft = Жоба
posts-state-scheduled = Жоспарланған
posts-state-preparing = Дайындалуда
posts-state-ready = Дайын
posts-state-publishing = Жариялануда
posts-state-published = Жарияланды
posts-state-failed = Сәтсіз
posts-state-cancelled = Тоқтатылды
posts-state-verify = Жарияланды — тексеріңіз

## Күту: жарияланым неге күтіп тұр және не істеу керек
posts-hold-quota = Күтуде: аккаунт тәуліктік жариялау лимитін пайдаланып қойды. Instagram рұқсат бергенде жарияланым өздігінен шығады; ештеңе істеудің қажеті жоқ.
posts-hold-reconnect = Тоқтатып қойылды: Instagram аккаунтқа кіруден бас тартты. «Аккаунттар» бетінде аккаунтты қайта қосыңыз; содан кейін жарияланым жалғасады.
posts-hold-media_unreachable = Тоқтатып қойылды: Instagram медиафайлды осы серверден жүктей алмайды. Жария мекенжай интернеттен қолжетімді екенін тексеріңіз (localhost, жеке мекенжай немесе кіру беті емес).
posts-hold-retrying = Қайталау: Instagram қате қайтарып не сұрауларды шектеп жатыр. SocialFlow өсетін үзілістермен өздігінен қайталайды; ештеңе істеудің қажеті жоқ.

## Сәтсіздік
posts-failed-what-to-do = Жариялау сәтсіз аяқталды. Себепте айтылғанды түзетіңіз (әдетте медиафайл не жазба), содан кейін жарияланымды өзгертіп, қайта жоспарлаңыз немесе қазір жариялаңыз.
posts-verify-help = Жарияланым Instagram-да бар, бірақ жариялау үзілгеннен кейін SocialFlow оның Instagram-дағы қай жазба екенін нақты анықтай алмады. Төмендегі сілтемелерді ашып, тексеріңіз; бірінші пікір жіберілмеді, статистика бұл жарияланымға байланбаған.
posts-failed-reason = Себебі: { $reason }

## Журнал
posts-event-created = Жасалды
posts-event-edited = Өзгертілді
posts-event-scheduled = Жоспарланды
posts-event-unscheduled = Кестеден алынды (енді жоба)
posts-event-cancelled = Тоқтатылды
posts-event-container_created = Instagram-да медиа контейнері жасалды
posts-event-container_status = Instagram-дағы өңдеу күйі
posts-event-ready = Жариялауға дайын
posts-event-held = Тоқтатып қойылды
posts-event-retry = Қайталанады
posts-event-publish_started = Жариялау басталды
posts-event-published = Жарияланды
posts-event-recovered = Іркілістен кейін нәтиже Instagram-нан анықталды
posts-event-first_comment = Алғашқы пікір жарияланды
posts-event-first_comment_failed = Алғашқы пікірді жариялау мүмкін болмады
posts-event-failed = Сәтсіз
posts-event-acknowledged = Қате қаралды

## Мәселелер
posts-problem-account_not_found = Қосылған аккаунттарыңыздың бірін таңдаңыз.
posts-problem-media_count = { $min ->
    [1] Бұл түрге дәл бір файл керек; таңдалғаны: { $actual }.
   *[other] Каруселде { $min }–{ $max } файл болады; таңдалғаны: { $actual }.
}
posts-problem-media_not_found = Таңдалған файл енді жоқ: { $media }. Басқасын таңдаңыз.
posts-problem-needs_image = { $position }-файл — бейне; постқа сурет керек.
posts-problem-needs_video = { $position }-файл — сурет; Reels үшін бейне керек.
posts-problem-cover_not_image = Мұқаба сурет болуы керек.
posts-problem-too_many_collaborators = Бірлескен авторлар { $max }-ден аспауы керек; көрсетілгені: { $actual }.
posts-problem-not_for_stories = Сторис «{ $field }» өрісін қолдамайды; оны алып тастаңыз.
posts-problem-alt_text_too_long = Балама мәтін { $max } таңбадан аспауы керек; қазір { $actual } таңба.
posts-problem-user_tag_out_of_frame = { $username } белгісі суреттің шегінен тыс.
posts-problem-scheduled_in_past = Бұл уақыт өтіп кетті. Кейінгі уақытты таңдаңыз немесе «Қазір жариялау» түймесін басыңыз.
posts-problem-scheduled_too_far = Жариялауды ең көбі { $days } күн алға жоспарлауға болады. Ертерек күнді таңдаңыз.
posts-problem-control_characters = «{ $field }» өрісінде көрінбейтін басқару таңбалары бар (мысалы, NUL). Оларды өшіріңіз; жол ауысуы мен табуляцияға болады.
posts-problem-field_too_long = «{ $field }» өрісі тым ұзын: { $actual }; ең көбі { $max }.
posts-problem-caption_too_long = Жазбада (хэштегтермен) { $actual } таңба; Instagram { $max } таңбаға рұқсат береді.
posts-problem-caption_too_many_hashtags = { $actual } хэштег; Instagram { $max }-ден артық рұқсат бермейді.
posts-problem-caption_too_many_mentions = { $actual } @атау; Instagram { $max }-ден артық рұқсат бермейді.
posts-problem-caption_more_hashtags_than_advised = { $actual } хэштег: Instagram қолданбасы енді ең көбі { $advised } көрсетеді; азайтқан жөн.
posts-problem-caption_first_comment_too_long = Алғашқы пікірде { $actual } таңба; Instagram { $max } таңбаға рұқсат береді.
posts-problem-time_required = Жарияланымды жоспарлау үшін күн мен уақытты енгізіңіз.
posts-problem-time_invalid = Күн не уақыт дұрыс емес; таңдау өрістерін пайдаланыңыз.
posts-problem-user_tag_unreadable = «{ $line }» белгісін оқу мүмкін емес: @пайдаланушы деп жазыңыз, қаласаңыз артынан 0-ден 1-ге дейінгі екі сан.
posts-problem-time_nonexistent = { $zone } белдеуінде { $time } уақыты жоқ (сағат оны өткізіп жібереді). Басқа уақытты таңдаңыз.
posts-problem-media_unavailable = Медиатека қазір қолжетімсіз. Сәлден кейін қайталаңыз.
posts-problem-media = { $position }-файл ({ $use }): { $problem }.
posts-problem-media-cover = Мұқаба ({ $use }): { $problem }.
posts-fix-pad = Қалай түзету: { $ratio } пропорциясына дейін ақ жиекпен толықтыру — файлды «Суреттерді толықтыру» белгіленген күйде қайта жүктеңіз.
posts-fix-transcode = Қалай түзету: H.264/AAC MP4-ке түрлендіру — ffmpeg орнатылған болса, сервер мұны өзі жасайды.
posts-fix-converting = Бейне Instagram үшін түрлендірілуде; ол аяқталғанда бұл мәселе жойылады.
posts-media-blocks-scheduling = Instagram мұны қабылдамайды: жоба сақталды, бірақ бұл түзетілмейінше оны жоспарлауға болмайды.
posts-fix-pad-link = Жиекпен жүктеу
posts-fix-media-link = Медиатеканы ашу
posts-media-problems-heading = Осы файлдың мәселелері

## Редактор
posts-field-account = Аккаунт
posts-field-kind = Түрі
posts-field-media = Медиафайлдар
posts-media-none = Сізде әзірге медиафайл жоқ. Алдымен «Медиа» бетінде файлдарды жүктеңіз.
posts-media-upload = Медиаға өту
posts-media-order = Реті
posts-field-cover = Reels мұқабасы (міндетті емес сурет)
posts-cover-none = Мұқабасыз (бейнеден кадр)
posts-field-thumb-offset = Reels мұқабасына арналған кадр (миллисекунд)
posts-field-share-to-feed = Reels-ті лентада да көрсету
posts-field-caption = Жазба
posts-field-hashtags = Хэштегтер
posts-field-hashtags-hint = Бос орын не үтір арқылы; # белгісі міндетті емес.
posts-field-first-comment = Алғашқы пікір (жариялаудан кейін бірден шығады)
posts-field-collaborators = Бірлескен авторлар (пайдаланушы аттары үтір арқылы)
posts-field-user-tags = Адамдарды белгілеу
posts-field-user-tags-hint = Әр жолға біреуден: @пайдаланушы, қаласаңыз артынан фотодағы орны 0-ден 1-ге дейін (сол жақ, жоғары = 0), мысалы @alice 0.3 0.7. Орны көрсетілмесе, белгі ортаға қойылады.
posts-field-location = Орын идентификаторы
posts-field-alt-text = Балама мәтін (экранды оқу бағдарламалары үшін)
posts-field-date = Күні
posts-field-time = Уақыты
posts-counts = Таңба: { $chars } / { $max_chars } · хэштег: { $hashtags } / { $max_hashtags } · атау: { $mentions } / { $max_mentions }
posts-save-draft = Жобаны сақтау
posts-schedule = Жоспарлау
posts-publish-now = Қазір жариялау
posts-form-has-problems = Жарияланым сақталмады. Мыналарды түзетіңіз:
posts-warnings = Сақталды, бірақ назар аударыңыз:
posts-saved = Сақталды.
posts-scheduled-notice = Жоспарланды.
posts-publishing-notice = Жарияланым бірнеше сәтте шығады.

## Жарияланым беті
posts-state = Күйі
posts-scheduled-for = Жоспарланған уақыты
posts-published-at = Жарияланған уақыты
posts-permalink = Instagram-да
posts-view-on-instagram = Instagram-да ашу
posts-media-heading = Медиафайлдар
posts-log = Тарих
posts-log-none = Әзірге ештеңе жазылмаған.
posts-log-time = Уақыт
posts-log-event = Оқиға
posts-log-detail = Толығырақ
posts-action-edit = Өзгерту
posts-action-cancel = Жарияланымды тоқтату
posts-action-delete = Жою
posts-action-publish = Қазір жариялау
posts-action-acknowledge = Қатені қаралды деп белгілеу
posts-delete-title = Жарияланымды жою
posts-delete-confirm = Бұл жарияланымды жою керек пе? Басқа жарияланым пайдаланбаса, оның файлдары да жойылады. Мұны қайтару мүмкін емес.
posts-delete-keep = Жарияланымды қалдыру
posts-deleted = Жарияланым жойылды.
posts-cancelled-notice = Жарияланым тоқтатылды; ол шықпайды.
posts-acknowledged-notice = Қате қаралды деп белгіленді.
posts-error-not-editable = Бұл жарияланымды енді өзгерту мүмкін емес: ол жариялануда немесе жарияланып қойды.
posts-error-not-cancellable = Бұл жарияланымды енді тоқтату мүмкін емес: жариялау басталды.
posts-error-not-deletable = Жарияланып жатқан жарияланымды жою мүмкін емес. Бір минуттан кейін қайталаңыз.
posts-error-changed = Жарияланым осы уақытта өзгертілді (басқа қойындыда не жариялаушы). Бетті жаңартып, қайталаңыз; енгізгеніңіз сақталмады.
posts-error-not-found = Мұндай жарияланым жоқ.

## Басқару тақтасы
posts-dash-upcoming = Жақын жарияланымдар
posts-dash-upcoming-none = Ештеңе жоспарланбаған.
posts-dash-failed = Сәтсіз жарияланымдар
posts-dash-open = Ашу

## Күнтізбе
posts-month-1 = Қаңтар
posts-month-2 = Ақпан
posts-month-3 = Наурыз
posts-month-4 = Сәуір
posts-month-5 = Мамыр
posts-month-6 = Маусым
posts-month-7 = Шілде
posts-month-8 = Тамыз
posts-month-9 = Қыркүйек
posts-month-10 = Қазан
posts-month-11 = Қараша
posts-month-12 = Желтоқсан
posts-weekday-1 = Дс
posts-weekday-2 = Сс
posts-weekday-3 = Ср
posts-weekday-4 = Бс
posts-weekday-5 = Жм
posts-weekday-6 = Сн
posts-weekday-7 = Жс
posts-week-of = { $date } аптасы
posts-suggested = @{ $account } үшін ұсынылатын уақыт: { $when } — бұл кезде жазылушылардың көбі желіде.
posts-suggested-none = @{ $account } үшін ұсынылатын уақыт: деректер әлі жеткіліксіз (Instagram жазылушылардың қашан желіде болатынын әлі хабарламады).
posts-suggested-use = Осы уақытты таңдау
posts-weekday-long-1 = дүйсенбі
posts-weekday-long-2 = сейсенбі
posts-weekday-long-3 = сәрсенбі
posts-weekday-long-4 = бейсенбі
posts-weekday-long-5 = жұма
posts-weekday-long-6 = сенбі
posts-weekday-long-7 = жексенбі
